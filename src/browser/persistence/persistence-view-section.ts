// *****************************************************************************
// The Session Health view's Persistence section: the last check's verdict and steps, the restart-survival
// history from the marker ledger as a small timeline, and "Run Persistence Check".
// *****************************************************************************

import { inject, injectable } from '@theia/core/shared/inversify';
import { reportHeadline, stepTitle } from '../../common/persistence/persistence-format';
import { PersistenceReport } from '../../common/persistence/persistence-protocol';
import { SessionHealthSectionOrder } from '../view/session-health-view-section';
import { AbstractViewSection, ViewSectionAction } from '../view/abstract-view-section';
import { h, ReactNode } from '../view/react-elements';
import { PERSISTENCE_SECTION_ID, PersistenceCheckContribution } from './persistence-check-contribution';
import { ledgerTimeline } from './persistence-ledger-timeline';
import { verdictLabel } from '../../common/text/verdict-labels';
import { nls } from '@theia/core/lib/common/nls';


@injectable()
export class PersistenceViewSection extends AbstractViewSection {
    @inject(PersistenceCheckContribution) protected readonly persistence: PersistenceCheckContribution;

    readonly id = PERSISTENCE_SECTION_ID;
    readonly title = nls.localize('theia-session-health/persistence/sectionTitle', 'Persistence');
    readonly order = SessionHealthSectionOrder.PERSISTENCE;
    protected readonly rootClass = 'session-health-persistence-section';

    get onDidChange(): PersistenceCheckContribution['onDidChange'] {
        return this.persistence.onDidChange;
    }

    protected actions(): ViewSectionAction[] {
        return [{ className: 'session-health-run-persistence', label: nls.localize('theia-session-health/persistence/runCheckButton', 'Run Persistence Check'), disabled: this.persistence.isRunning, run: () => this.persistence.check() }];
    }

    protected content(): ReactNode[] {
        const report = this.persistence.lastReport;
        const running = this.persistence.isRunning;
        const failure = this.persistence.lastFailure;
        return [
            running && h('div', { key: 'running', 'data-verdict': 'running' }, nls.localize('theia-session-health/persistence/running', 'Running the persistence check…')),
            !running && failure && h('div', { key: 'error', 'data-verdict': 'error' }, nls.localize('theia-session-health/persistence/couldNotRun', 'The persistence check could not run: {0}', failure)),
            !report && !running && !failure && h('div', { key: 'none' }, nls.localize('theia-session-health/persistence/noneYet', 'No persistence check has run in this tab yet.')),
            report && this.report(report)
        ];
    }

    protected report(report: PersistenceReport): ReactNode {
        const timeline = ledgerTimeline(report.ledger);
        return h('div', { key: 'report', className: 'persistence-report' },
            h('div', { className: 'persistence-verdict', 'data-verdict': report.verdict }, reportHeadline(report)),
            h('div', { className: 'session-health-label' }, nls.localize('theia-session-health/persistence/checkedAt', 'Checked {0} in {1} ms', new Date(report.checkedAt).toLocaleString(), report.durationMs)),
            h('div', { className: 'persistence-steps' }, ...report.steps.map(step => h('div', { key: step.id, className: 'persistence-step', 'data-step': step.id, 'data-verdict': step.verdict },
                h('div', null, nls.localize('theia-session-health/persistence/stepLine', '{0} {1} ({2} ms): {3}', verdictLabel(step.verdict), stepTitle(step), step.durationMs, step.reason)),
                Object.keys(step.numbers).length > 0 && h('div', { className: 'persistence-numbers' }, Object.entries(step.numbers).map(([k, v]) => `${k}=${v}`).join('  ')),
                step.remediation && h('div', { className: 'persistence-remediation' }, nls.localize('theia-session-health/connection/tooltip.fix', 'Fix: {0}', step.remediation))))),
            h('h4', null, nls.localize('theia-session-health/persistence/restartSurvival', 'Restart survival')),
            h('div', { className: 'persistence-ledger' },
                nls.localize('theia-session-health/persistence/ledgerLine', 'Marker ledger {0}: {1} earlier markers, {2} backend instances, {3} restarts survived', report.ledger.file, report.ledger.entries, report.ledger.instances, report.ledger.restartsSurvived)),
            h('ol', { className: 'session-health-timeline persistence-ledger-timeline' }, ...timeline.map((e, i) => h('li', {
                key: i, 'data-kind': e.kind, 'data-at': e.at, 'data-instance': e.instance, 'data-restart': e.afterRestart ? 'true' : undefined
            },
                h('time', null, new Date(e.at).toLocaleString()),
                h('span', { className: 'message' }, e.text)))));
    }
}
