// The idle-cost benchmark's row label says what the storage item showed, verdicts with a dash included.
import { expect } from 'chai';
import { storageShown } from '../../../bench/idle-cost';

describe('bench idle-cost: the storage item in the row label', () => {
    it('reads the whole verdict from the item\'s class', () => {
        expect(storageShown('session-health-storage session-health-storage-node-local')).to.equal('node-local');
        expect(storageShown('session-health-storage session-health-storage-ephemeral extra')).to.equal('ephemeral');
        expect(storageShown('not shown')).to.equal('not shown');
        expect(storageShown(null)).to.equal('not shown');
    });
});
