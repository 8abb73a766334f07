// The marker ledger's format: parsing, compaction, identities, adoption of a ledger that grew here before identities.
import { expect } from 'chai';
import { compactLedger, entriesOfIdentity, isLegacyLedgerHere, ledgerLine, parseLedger } from '../../../src/node/ledger/ledger-codec';
import { LedgerEntry } from '../../../src/common/persistence/persistence-protocol';

const entry = (i: number, instanceId = `inst-${i}`, source: 'ide' | 'cli' = 'ide'): LedgerEntry => ({
    instanceId, hostname: 'pod-a', instanceStartedAt: `2026-01-0${i}T00:00:00.000Z`, time: `2026-01-0${i}T01:00:00.000Z`, nonce: `nonce-${i}`, source
});

describe('persistence: ledger codec', () => {
    it('parses JSON lines, counts a torn last line and garbage instead of failing', () => {
        const text = ledgerLine(entry(1)) + ledgerLine(entry(2)) + '{"not":"an entry"}\n' + '{"instanceId":"x","host';
        const parsed = parseLedger(text);
        expect(parsed.entries.map(e => e.nonce)).to.deep.equal(['nonce-1', 'nonce-2']);
        expect(parsed.unreadable).to.equal(2);
    });
    it('compaction keeps the first marker (start of the proof) and the newest', () => {
        const many = Array.from({ length: 10 }, (_, i) => ({ ...entry(1), nonce: `n${i}` }));
        expect(compactLedger(many, 4).map(e => e.nonce)).to.deep.equal(['n0', 'n7', 'n8', 'n9']);
        expect(compactLedger(many.slice(0, 3), 4)).to.have.length(3);
    });
    it('keeps only the markers of one identity; markers without one are never "own"', () => {
        const own = { ...entry(1), checkId: 'id-1' };
        expect(entriesOfIdentity([entry(2), own, { ...entry(3), checkId: 'id-2' }], 'id-1')).to.deep.equal({ own: [own], foreign: 2 });
        expect(entriesOfIdentity([entry(2)], undefined)).to.deep.equal({ own: [], foreign: 1 });
        expect(parseLedger(ledgerLine(own)).entries).to.deep.equal([own]);
    });
    it('adopts a legacy ledger only when the file was born by its first marker and last written at its last one', () => {
        const now = Date.parse('2026-02-01T00:00:00.000Z');
        const legacy = [entry(1), entry(2)];
        const first = Date.parse(entry(1).time);
        const last = Date.parse(entry(2).time);
        expect(isLegacyLedgerHere(legacy, { birthtimeMs: first - 100, mtimeMs: last + 100 }, now)).to.equal(true);
        // A copy: born (and written) when copied, after its markers; or born on a file system that records no birth time.
        expect(isLegacyLedgerHere(legacy, { birthtimeMs: now - 1000, mtimeMs: now - 1000 }, now)).to.equal(false);
        expect(isLegacyLedgerHere(legacy, { birthtimeMs: first - 100, mtimeMs: now - 1000 }, now)).to.equal(false);
        expect(isLegacyLedgerHere(legacy, { birthtimeMs: 0, mtimeMs: last }, now)).to.equal(false);
        // Markers dated in the future, or already carrying an identity, are never adopted.
        expect(isLegacyLedgerHere(legacy, { birthtimeMs: first - 100, mtimeMs: last }, first)).to.equal(false);
        expect(isLegacyLedgerHere([{ ...entry(1), checkId: 'x' }], { birthtimeMs: first - 100, mtimeMs: first }, now)).to.equal(false);
    });
});
