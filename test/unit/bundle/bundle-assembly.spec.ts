// Making a bundle from parts (src/common/bundle/bundle-assembly.ts): failing and slow parts, the final
// redaction pass, the size limit with its cuts written down.
import { expect } from 'chai';
import { assembleBundle } from '../../../src/common/bundle/bundle-assembly';
import { Redactor } from '../../../src/common/bundle/bundle-redaction';
import { capNewest } from '../../../src/common/bundle/bundle-size';

describe('bundle: assembly', () => {
    it('keeps the other parts when one fails or is too slow', async () => {
        const made = await assembleBundle('server', [
            { id: 'ok', collect: () => ({ n: 1 }) },
            { id: 'broken', collect: () => { throw new Error('no disk'); } },
            { id: 'slow', collect: () => new Promise(resolve => setTimeout(resolve, 5000)) }
        ], new Redactor(), { partTimeoutMs: 100 });
        expect(made.bundle.parts).to.deep.equal({ ok: { n: 1 }, broken: { error: 'no disk' }, slow: { error: 'took longer than 100 ms' } });
    });

    it('redacts a part that forgot to, in the final pass', async () => {
        const made = await assembleBundle('browser', [{ id: 'careless', collect: () => ({ line: 'sid=abcdefghijklmnopqrst', url: 'http://a:hunter22@x/' }) }],
            new Redactor(['abcdefghijklmnopqrst']));
        expect(made.text).to.not.contain('abcdefghijklmnopqrst').and.not.contain('hunter22');
    });

    it('stays within the byte limit by halving the largest list, oldest first, and says what was cut', async () => {
        const big = Array.from({ length: 20000 }, (_, i) => ({ at: i, roundTripMs: 12.5, state: 'connected' }));
        const made = await assembleBundle('browser', [{ id: 'connection', collect: () => ({ samples: big, note: 'kept' }) }], new Redactor(), { maxBytes: 100 * 1024 });
        expect(made.bytes).to.be.at.most(100 * 1024);
        const samples = (made.bundle.parts.connection as { samples: { at: number }[] }).samples;
        expect(samples[samples.length - 1].at).to.equal(19999);
        expect(made.bundle.cut[0]).to.include({ path: 'parts.connection.samples', kept: samples.length, dropped: 20000 - samples.length });
        expect(JSON.parse(made.text).cut[0].path).to.equal('parts.connection.samples');
    });

    it('capNewest keeps the newest and records the cut', () => {
        const cuts: { path: string; kept: number; dropped: number; why: string }[] = [];
        expect(capNewest([1, 2, 3, 4], 2, 'p', 'why', cuts)).to.deep.equal([3, 4]);
        expect(cuts).to.deep.equal([{ path: 'p', kept: 2, dropped: 2, why: 'why' }]);
    });
});
