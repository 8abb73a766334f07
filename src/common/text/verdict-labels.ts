// *****************************************************************************
// The verdict marks (PASS, WARN, FAIL, SKIP) as one table. They stay in English in every language: scripts and
// people grep for them. `mark` is the four-letter form of plain-text reports, `full` the word the UI shows.
// *****************************************************************************

export type VerdictName = 'pass' | 'warn' | 'fail' | 'skipped';

export const VERDICT_LABELS: Readonly<Record<VerdictName, { readonly mark: string; readonly full: string }>> = {
    pass: { mark: 'PASS', full: 'PASS' },
    warn: { mark: 'WARN', full: 'WARN' },
    fail: { mark: 'FAIL', full: 'FAIL' },
    skipped: { mark: 'SKIP', full: 'SKIPPED' }
};

/** The four-letter mark of plain-text reports (CLI, "Copy as text"). */
export function verdictMark(verdict: VerdictName): string {
    return VERDICT_LABELS[verdict].mark;
}

/** The label the UI shows beside a step. */
export function verdictLabel(verdict: VerdictName): string {
    return VERDICT_LABELS[verdict].full;
}
