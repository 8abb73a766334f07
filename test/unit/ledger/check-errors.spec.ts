// Plain reasons for file system errors.
import { expect } from 'chai';
import { plainFsReason } from '../../../src/node/ledger/check-errors';

describe('persistence: check errors', () => {
    it('plain reasons for errno codes', () => {
        expect(plainFsReason(Object.assign(new Error('x'), { code: 'EROFS' }), 'Writing')).to.equal('Writing failed: the file system is read-only (EROFS).');
        expect(plainFsReason(Object.assign(new Error('x'), { code: 'ENOSPC' }), 'Writing')).to.include('disk is full');
    });
});
