// The strict validator of report batches (src/common/reports/reports-protocol.ts).
import { expect } from 'chai';
import { validateBatch } from '../../../src/common/reports/reports-protocol';
import { validRecord } from '../../helpers/reports-fixtures';

describe('reports: validator', () => {
    it('accepts a valid batch and refuses each kind of bad record with a reason naming the place', () => {
        expect(validateBatch({ records: [validRecord()] }).ok).to.equal(true);
        const cases: [unknown, RegExp][] = [
            [{ records: [] }, /must not be empty/],
            [{ records: [validRecord()], extra: 1 }, /unknown field "extra"/],
            [{ records: [{ ...validRecord(), at: NaN }] }, /records\[0\]\.at/],
            [{ records: [validRecord({ fields: { offlineMs: -5 } })] }, /offlineMs: must not be negative/],
            [{ records: [validRecord({ fields: { attempts: 1.5 } })] }, /integer count/],
            [{ records: [validRecord({ sidHash: 'raw-sid' })] }, /sidHash/],
            [{ records: [validRecord(), { ...validRecord(), type: 'bogus' }] }, /records\[1\]\.type/],
            [[1, 2], /got array/]
        ];
        for (const [body, reason] of cases) {
            const result = validateBatch(body);
            expect(result.ok, JSON.stringify(body).slice(0, 80)).to.equal(false);
            expect((result as { reason: string }).reason).to.match(reason);
        }
    });
});
