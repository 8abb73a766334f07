// Issue 26: the PASS/WARN/FAIL marks come from one table (the CLI text, the dialog and the view had a copy each).
import { expect } from 'chai';
import { VERDICT_LABELS, verdictLabel, verdictMark } from '../../../src/common/text/verdict-labels';
import { formatStepLine } from '../../../src/common/persistence/persistence-format';
import { makeStep } from '../../../src/node/persistence/persistence-verdicts';

describe('text: verdict labels', () => {
    it('one table: four-letter marks for plain text, labels for the UI', () => {
        expect(Object.keys(VERDICT_LABELS)).to.deep.equal(['pass', 'warn', 'fail', 'skipped']);
        expect(['pass', 'warn', 'fail', 'skipped'].map(v => verdictMark(v as 'pass'))).to.deep.equal(['PASS', 'WARN', 'FAIL', 'SKIP']);
        expect(['pass', 'warn', 'fail', 'skipped'].map(v => verdictLabel(v as 'pass'))).to.deep.equal(['PASS', 'WARN', 'FAIL', 'SKIPPED']);
    });
    it('the plain-text report uses the table (byte-identical to before)', () => {
        const line = formatStepLine(makeStep('space', 12, { verdict: 'skipped', numbers: {}, reason: 'not run' }));
        expect(line).to.equal(`[${verdictMark('skipped')}] Free space (12 ms): not run`);
    });
});
