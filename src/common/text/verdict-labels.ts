// *****************************************************************************
// The verdict marks (PASS, WARN, FAIL, SKIP) as one table. They stay in English in every language: scripts and
// people grep for them. `mark` is the four-letter form of plain-text reports, `label` the one the UI shows.
// *****************************************************************************

export type VerdictName = 'pass' | 'warn' | 'fail' | 'skipped';

export const VERDICT_LABELS: Readonly<Record<VerdictName, { readonly mark: string; readonly label: string }>> = {
    pass: { mark: 'PASS', label: 'PASS' },
    warn: { mark: 'WARN', label: 'WARN' },
    fail: { mark: 'FAIL', label: 'FAIL' },
    skipped: { mark: 'SKIP', label: 'SKIPPED' }
};

/** The four-letter mark of plain-text reports (CLI, "Copy as text"). */
export function verdictMark(verdict: VerdictName): string {
    return VERDICT_LABELS[verdict].mark;
}

/** The label the UI shows beside a step. */
export function verdictLabel(verdict: VerdictName): string {
    return VERDICT_LABELS[verdict].label;
}
