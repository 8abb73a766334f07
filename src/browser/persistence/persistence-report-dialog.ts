// *****************************************************************************
// The persistence report view: the overall verdict, one line per step with its numbers and the fix
// for every warn or fail, "Copy as text" and "Copy as JSON".
// *****************************************************************************

import '../../../src/browser/persistence/persistence.css';
import { SessionHealthDialog } from '../shared/session-health-dialog';
import { reportHeadline, stepTitle } from '../../common/persistence/persistence-format';
import { PersistenceReport } from '../../common/persistence/persistence-protocol';
import { verdictLabel } from '../../common/text/verdict-labels';
import { nls } from '@theia/core/lib/common/nls';

export interface PersistenceDialogActions {
    copyText(): void;
    copyJson(): void;
    rerun(): void;
}

export class PersistenceReportDialog extends SessionHealthDialog {
    protected readonly verdictNode = this.section('persistence-verdict');
    protected readonly stepsNode = this.section('persistence-steps');
    protected readonly ledgerNode = this.section('persistence-ledger');

    constructor(protected readonly actions: PersistenceDialogActions) {
        super(nls.localize('theia-session-health/persistence/dialogTitle', 'Session Health: Persistence Check'), 'session-health-persistence-dialog', 'session-health-persistence');
        this.appendButtons([
            { label: nls.localize('theia-session-health/persistence/copyText', 'Copy as text'), className: 'session-health-persistence-copy-text', run: () => this.actions.copyText() },
            { label: nls.localize('theia-session-health/persistence/copyJson', 'Copy as JSON'), className: 'session-health-persistence-copy-json', run: () => this.actions.copyJson() },
            { label: nls.localize('theia-session-health/probe/runAgain', 'Run again'), className: 'session-health-persistence-rerun', run: () => this.actions.rerun() }
        ]);
        this.showRunning();
    }

    showRunning(): void {
        this.verdictNode.textContent = nls.localize('theia-session-health/persistence/running', 'Running the persistence check…');
        this.verdictNode.dataset.verdict = 'running';
        this.stepsNode.textContent = '';
        this.ledgerNode.textContent = '';
    }

    showError(message: string): void {
        this.verdictNode.textContent = nls.localize('theia-session-health/persistence/couldNotRun', 'The persistence check could not run: {0}', message);
        this.verdictNode.dataset.verdict = 'error';
    }

    showReport(report: PersistenceReport): void {
        this.verdictNode.textContent = reportHeadline(report);
        this.verdictNode.dataset.verdict = report.verdict;
        this.stepsNode.textContent = '';
        for (const step of report.steps) {
            const item = document.createElement('div');
            item.classList.add('persistence-step');
            item.dataset.step = step.id;
            item.dataset.verdict = step.verdict;
            const line = document.createElement('div');
            line.textContent = nls.localize('theia-session-health/persistence/stepLine', '{0} {1} ({2} ms): {3}', verdictLabel(step.verdict), stepTitle(step), step.durationMs, step.reason);
            item.appendChild(line);
            const numbers = Object.entries(step.numbers);
            if (numbers.length) {
                const n = document.createElement('div');
                n.classList.add('persistence-numbers');
                n.textContent = numbers.map(([k, v]) => `${k}=${v}`).join('  ');
                item.appendChild(n);
            }
            if (step.remediation) {
                const fix = document.createElement('div');
                fix.classList.add('persistence-remediation');
                fix.textContent = nls.localize('theia-session-health/connection/tooltip.fix', 'Fix: {0}', step.remediation);
                item.appendChild(fix);
            }
            this.stepsNode.appendChild(item);
        }
        this.ledgerNode.textContent = nls.localize('theia-session-health/persistence/ledgerDialog', 'Marker ledger: {0} ({1} earlier markers, {2} restarts survived)', report.ledger.file, report.ledger.entries, report.ledger.restartsSurvived);
    }
}
