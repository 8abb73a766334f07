// *****************************************************************************
// The Session Health view's Persistence section: the last check's verdict and steps, the restart-survival
// history from the marker ledger as a small timeline, and "Run Persistence Check".
// *****************************************************************************

import { inject, injectable } from '@theia/core/shared/inversify';
import { reportHeadline } from '../../common/persistence/persistence-format';
import { PersistenceReport } from '../../common/persistence/persistence-protocol';
import { SessionHealthSectionOrder } from '../view/session-health-view-section';
import { AbstractViewSection, ViewSectionAction } from '../view/abstract-view-section';
import { h, ReactNode } from '../view/react-elements';
import { PERSISTENCE_SECTION_ID, PersistenceCheckContribution } from './persistence-check-contribution';
import { ledgerTimeline } from './persistence-ledger-timeline';
import { nls } from '@theia/core/lib/common/nls';

const LABEL: Record<string, string> = { pass: 'PASS', warn: 'WARN', fail: 'FAIL', skipped: 'SKIPPED' };

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
            running && h('div', { key: 'running', 'data-verdict': 'running' }, 'Running the persistence check…'),
            !running && failure && h('div', { key: 'error', 'data-verdict': 'error' }, `The persistence check could not run: ${failure}`),
            !report && !running && !failure && h('div', { key: 'none' }, 'No persistence check has run in this tab yet.'),
            report && this.report(report)
        ];
    }

    protected report(report: PersistenceReport): ReactNode {
        const timeline = ledgerTimeline(report.ledger);
        return h('div', { key: 'report', className: 'persistence-report' },
            h('div', { className: 'persistence-verdict', 'data-verdict': report.verdict }, reportHeadline(report)),
            h('div', { className: 'session-health-label' }, `Checked ${new Date(report.checkedAt).toLocaleString()} in ${report.durationMs} ms`),
            h('div', { className: 'persistence-steps' }, ...report.steps.map(step => h('div', { key: step.id, className: 'persistence-step', 'data-step': step.id, 'data-verdict': step.verdict },
                h('div', null, `${LABEL[step.verdict]} ${step.title} (${step.durationMs} ms): ${step.reason}`),
                Object.keys(step.numbers).length > 0 && h('div', { className: 'persistence-numbers' }, Object.entries(step.numbers).map(([k, v]) => `${k}=${v}`).join('  ')),
                step.remediation && h('div', { className: 'persistence-remediation' }, `Fix: ${step.remediation}`)))),
            h('h4', null, 'Restart survival'),
            h('div', { className: 'persistence-ledger' },
                `Marker ledger ${report.ledger.file}: ${report.ledger.entries} earlier markers, ${report.ledger.instances} backend instances, ${report.ledger.restartsSurvived} restarts survived`),
            h('ol', { className: 'session-health-timeline persistence-ledger-timeline' }, ...timeline.map((e, i) => h('li', {
                key: i, 'data-kind': e.kind, 'data-at': e.at, 'data-instance': e.instance, 'data-restart': e.afterRestart ? 'true' : undefined
            },
                h('time', null, new Date(e.at).toLocaleString()),
                h('span', { className: 'message' }, e.text)))));
    }
}
