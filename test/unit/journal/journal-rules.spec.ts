// Issue 13: the journal's pure rules: an entry's state against the disk, the caps (newest kept, oldest dropped
// first, too-large refused), and the settings' clamping.
import { expect } from 'chai';
import { sha256Hex } from '../../../src/common/shared/sha256';
import { CapMeta, DEFAULT_MAX_AGE_DAYS, isExpired, maxAgeMs, MIB, planCaps } from '../../../src/browser/journal/journal-caps';
import { utf8Length } from '../../../src/common/text/utf8';
import { entryState, sameBytes, stateLabel } from '../../../src/browser/journal/journal-entry-state';
import { JournalEntry } from '../../../src/browser/journal/journal-entry';
import { notReopenedMessage } from '../../../src/browser/journal/journal-texts';
import { WRITE_THROUGH_MAX_CHARS, writesThrough } from '../../../src/browser/journal/journal-timing';

function unsaved(text: string, baseText: string | undefined): JournalEntry {
    return { workspace: 'file:///ws', kind: 'unsaved', uri: 'file:///ws/a.txt', text, size: utf8Length(text), updatedAt: 1, base: baseText === undefined ? undefined : { sha256: sha256Hex(baseText) } };
}

describe('journal: entry state against the disk', () => {
    it('an unsaved edit whose base is still on the disk is restored as unsaved', () => {
        expect(entryState(unsaved('base + edit', 'base'), { exists: true, sha256: sha256Hex('base') }, sha256Hex)).to.equal('unsaved-edit');
    });
    it('a disk that changed since the base is a conflict, never an unsaved edit', () => {
        expect(entryState(unsaved('base + edit', 'base'), { exists: true, sha256: sha256Hex('someone else') }, sha256Hex)).to.equal('conflict');
        expect(entryState(unsaved('base + edit', undefined), { exists: true, sha256: sha256Hex('base') }, sha256Hex)).to.equal('conflict');
    });
    it('a disk that already holds the journaled text makes the entry obsolete; a missing file is missing', () => {
        expect(entryState(unsaved('same', 'base'), { exists: true, sha256: sha256Hex('same') }, sha256Hex)).to.equal('obsolete');
        expect(entryState(unsaved('x', 'base'), { exists: false }, sha256Hex)).to.equal('missing');
    });
    it('a saved copy is kept while the disk holds the same bytes, and conflicts when they differ', () => {
        const saved: JournalEntry = { workspace: 'w', kind: 'saved', uri: 'file:///ws/b.bin', bytes: new Uint8Array([0, 255, 10]), size: 3, updatedAt: 1 };
        expect(entryState(saved, { exists: true, bytes: new Uint8Array([0, 255, 10]) }, sha256Hex)).to.equal('kept');
        expect(entryState(saved, { exists: true, bytes: new Uint8Array([0, 255, 11]) }, sha256Hex)).to.equal('conflict');
        expect(entryState(saved, { exists: false }, sha256Hex)).to.equal('missing');
        expect(stateLabel(saved, 'missing')).to.match(/saved only on an ephemeral disk/);
        expect(stateLabel(unsaved('', ''), 'conflict')).to.equal('conflicts with disk');
    });
    it('a path that cannot be read as a file is unreadable (not restored, not obsolete), whatever the kind', () => {
        expect(entryState(unsaved('x', 'base'), { exists: true, unreadable: true }, sha256Hex)).to.equal('unreadable');
        const saved: JournalEntry = { workspace: 'w', kind: 'saved', uri: 'file:///ws/b.bin', bytes: new Uint8Array([1]), size: 1, updatedAt: 1 };
        expect(entryState(saved, { exists: true, unreadable: true }, sha256Hex)).to.equal('unreadable');
        expect(stateLabel(saved, 'unreadable')).to.match(/cannot be read/);
    });
    it('says how many reopens failed, of how many, that they are still kept and where to find them', () => {
        const title = 'Session Health: Restore Unsaved Work…';
        expect(notReopenedMessage(1, 1, title)).to.equal(
            'Session Health: could not reopen 1 file with its unsaved changes. It is still kept in this browser: Session Health: Restore Unsaved Work… lists it.');
        expect(notReopenedMessage(2, 20, title)).to.match(/^Session Health: could not reopen 2 of 20 files with their unsaved changes\. They are still kept in this browser: Session Health: Restore Unsaved Work… lists them\.$/);
        expect(notReopenedMessage(3, 3, title)).to.match(/could not reopen 3 files with their/);
    });
    it('compares bytes exactly', () => {
        expect(sameBytes(new Uint8Array([1, 2]), new Uint8Array([1, 2]))).to.be.true;
        expect(sameBytes(new Uint8Array([1, 2]), new Uint8Array([1, 2, 3]))).to.be.false;
        expect(sameBytes(new Uint8Array([1, 2]), new Uint8Array([1, 3]))).to.be.false;
    });
});

describe('journal: caps', () => {
    const meta = (key: string, size: number, updatedAt: number): CapMeta => ({ key, uri: key, size, updatedAt });
    const caps = { maxFileBytes: 2 * MIB, maxWorkspaceBytes: 5 * MIB };

    it('keeps everything below the caps', () => {
        expect(planCaps([meta('a', MIB, 1), meta('b', MIB, 2)], meta('c', MIB, 3), caps)).to.deep.equal({ tooLarge: false, drop: [] });
    });
    it('drops the oldest first until the newest fits, and no more', () => {
        const existing = [meta('new', MIB, 30), meta('old', 2 * MIB, 10), meta('mid', 2 * MIB, 20)];
        const plan = planCaps(existing, meta('in', 2 * MIB, 40), caps);
        expect(plan.tooLarge).to.be.false;
        expect(plan.drop.map(m => m.key)).to.deep.equal(['old']);
        const total = existing.filter(m => !plan.drop.includes(m)).reduce((s, m) => s + m.size, 0) + 2 * MIB;
        expect(total).to.be.at.most(caps.maxWorkspaceBytes);
    });
    it('a new version of an entry replaces its old size instead of adding to it', () => {
        expect(planCaps([meta('a', 2 * MIB, 1), meta('b', 2 * MIB, 2)], meta('b', 2 * MIB, 3), caps).drop).to.deep.equal([]);
    });
    it('refuses a file above the per-file cap and keeps the others', () => {
        expect(planCaps([meta('a', 1, 1)], meta('big', 2 * MIB + 1, 2), caps)).to.deep.equal({ tooLarge: true, drop: [] });
    });
    it('never drops more than needed, whatever the order of the sizes (property)', () => {
        for (let run = 0; run < 200; run++) {
            const existing = Array.from({ length: 1 + (run % 9) }, (_, i) => meta(`k${i}`, 1 + ((run * 7919 + i * 104729) % (2 * MIB)), (run * 31 + i * 17) % 97));
            const incoming = meta('in', 1 + ((run * 65537) % (2 * MIB)), 1000);
            const plan = planCaps(existing, incoming, caps);
            const kept = existing.filter(m => !plan.drop.includes(m));
            expect(kept.reduce((s, m) => s + m.size, 0) + incoming.size).to.be.at.most(caps.maxWorkspaceBytes);
            const oldestKept = Math.min(...kept.map(m => m.updatedAt));
            plan.drop.forEach(d => expect(d.updatedAt).to.be.at.most(oldestKept));
            if (plan.drop.length) {
                const last = plan.drop[plan.drop.length - 1];
                expect(kept.reduce((s, m) => s + m.size, 0) + incoming.size + last.size).to.be.above(caps.maxWorkspaceBytes);
            }
        }
    });
});

describe('journal: write-through or debounce', () => {
    it('a small text (or one of unknown length) is written on every change; a large one is debounced', () => {
        expect(writesThrough(undefined)).to.be.true;
        expect(writesThrough(0)).to.be.true;
        expect(writesThrough(WRITE_THROUGH_MAX_CHARS)).to.be.true;
        expect(writesThrough(WRITE_THROUGH_MAX_CHARS + 1)).to.be.false;
        // the 5,000-line file of the typing benchmark (about 300 000 characters) is debounced
        expect(writesThrough(300000)).to.be.false;
    });
});

describe('journal entry age', () => {
    const day = 24 * 60 * 60 * 1000;
    it('the age limit defaults to 30 days and is clamped to 1..3650 days', () => {
        expect(DEFAULT_MAX_AGE_DAYS).to.equal(30);
        expect(maxAgeMs(undefined)).to.equal(30 * day);
        expect(maxAgeMs('7')).to.equal(30 * day);
        expect(maxAgeMs(0)).to.equal(day);
        expect(maxAgeMs(1e9)).to.equal(3650 * day);
        expect(maxAgeMs(10.7)).to.equal(10 * day);
    });
    it('an entry older than the limit is expired; one from the future counts as new', () => {
        const now = Date.UTC(2026, 0, 31);
        expect(isExpired({ updatedAt: now - 31 * day }, now, 30 * day)).to.equal(true);
        expect(isExpired({ updatedAt: now - 29 * day }, now, 30 * day)).to.equal(false);
        expect(isExpired({ updatedAt: now + 400 * day }, now, 30 * day)).to.equal(false);
        expect(isExpired({ updatedAt: NaN }, now, 30 * day)).to.equal(true);
    });
});
