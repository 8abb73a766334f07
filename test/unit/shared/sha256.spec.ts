// The synchronous SHA-256 that hashes the sid in report records (src/common/shared/sha256.ts).
import { expect } from 'chai';
import * as crypto from 'crypto';
import { sha256Hex } from '../../../src/common/shared/sha256';

describe('reports: sha256', () => {
    it('hashes like node crypto', () => {
        for (const s of ['', 'abc', 'x'.repeat(64), 'sïd☃'.repeat(30)]) {
            expect(sha256Hex(s)).to.equal(crypto.createHash('sha256').update(s).digest('hex'));
        }
    });
});
