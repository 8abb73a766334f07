import { expect } from 'chai';
import { unsavedWorkLine } from '../../../src/browser/journal/unsaved-work-line';

describe('connection tooltip: unsaved work line', () => {
    it('says nothing when nothing is unsaved', () => {
        expect(unsavedWorkLine({ kept: 0, pending: 0 })).to.equal(undefined);
    });
    it('says how many unsaved files the browser keeps', () => {
        expect(unsavedWorkLine({ kept: 1, pending: 0 })).to.equal('Unsaved work: 1 unsaved file · kept in this browser');
        expect(unsavedWorkLine({ kept: 3, pending: 0 })).to.equal('Unsaved work: 3 unsaved files · kept in this browser');
    });
    it('says what is not kept yet', () => {
        expect(unsavedWorkLine({ kept: 2, pending: 1 })).to.equal('Unsaved work: 3 unsaved files · 1 not kept yet (2 kept in this browser)');
        expect(unsavedWorkLine({ kept: 0, pending: 2 })).to.equal('Unsaved work: 2 unsaved files · 2 not kept yet');
    });
});
