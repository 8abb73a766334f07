// Issue 26: one convention for sizes (binary KiB/MiB/GiB, in UI, CLI and docs), one plural, one rounding.
import { expect } from 'chai';
import { formatBytes, plural, round1 } from '../../../src/common/text/numbers';
import { spaceOutcome } from '../../../src/node/persistence/persistence-verdicts';

describe('text: formatBytes (binary units)', () => {
    it('writes B, KiB, MiB, GiB, TiB with at most one decimal', () => {
        expect(formatBytes(0)).to.equal('0 B');
        expect(formatBytes(1023)).to.equal('1023 B');
        expect(formatBytes(1024)).to.equal('1 KiB');
        expect(formatBytes(1536)).to.equal('1.5 KiB');
        expect(formatBytes(2 * 1024 * 1024)).to.equal('2 MiB');
        expect(formatBytes(4294967296)).to.equal('4 GiB');
        expect(formatBytes(1.25 * 1024 ** 4)).to.equal('1.3 TiB');
    });
    it('never writes 1024 of a unit: it says one of the next', () => {
        expect(formatBytes(1024 * 1024 - 1)).to.equal('1 MiB');
        expect(formatBytes(1024 ** 3 - 1)).to.equal('1 GiB');
    });
    it('the persistence check says free space in GiB, not GB', () => {
        const o = spaceOutcome({ freeBytes: 50 * 1024 ** 3, totalBytes: 100 * 1024 ** 3, freeInodes: 900, totalInodes: 1000 }, { minFreePercent: 5, minFreeMegabytes: 500 });
        expect(o.reason).to.include('50 GiB free of 100 GiB (50 %)');
        expect(o.reason).not.to.match(/\d (kB|MB|GB)\b/);
    });
});

describe('text: plural and round1', () => {
    it('plural adds an s except for exactly one', () => {
        expect(plural(0, 'file')).to.equal('0 files');
        expect(plural(1, 'file')).to.equal('1 file');
        expect(plural(2, 'restart')).to.equal('2 restarts');
    });
    it('round1 keeps one decimal', () => {
        expect(round1(1.25)).to.equal(1.3);
        expect(round1(2)).to.equal(2);
        expect(round1(0.04)).to.equal(0);
    });
});
