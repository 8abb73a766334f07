// *****************************************************************************
// The Session Health view's Connection path section: the last probe run from this tab (steps, findings with
// their fix and snippets, what the live monitor knew) and "Diagnose again".
// *****************************************************************************

import { inject, injectable } from '@theia/core/shared/inversify';
import { formatStep } from '../../common/probe/probe-format';
import { ProbeFinding } from '../../common/probe/probe-protocol';
import { SessionHealthSectionOrder } from '../view/session-health-view-section';
import { AbstractViewSection, ViewSectionAction } from '../view/abstract-view-section';
import { h, ReactNode } from '../view/react-elements';
import { ProbeCommandContribution } from './probe-command-contribution';
import { nls } from '@theia/core/lib/common/nls';

export const CONNECTION_PATH_SECTION_ID = 'connection-path';

@injectable()
export class ProbeViewSection extends AbstractViewSection {
    @inject(ProbeCommandContribution) protected readonly probe: ProbeCommandContribution;

    readonly id = CONNECTION_PATH_SECTION_ID;
    readonly title = nls.localize('theia-session-health/probe/sectionTitle', 'Connection path');
    readonly order = SessionHealthSectionOrder.CONNECTION_PATH;
    protected readonly rootClass = 'session-health-probe-section';

    get onDidChange(): ProbeCommandContribution['onDidChange'] {
        return this.probe.onDidChange;
    }

    protected override lead(): ReactNode {
        const run = this.probe.lastRun;
        const running = this.probe.isRunning;
        const status = running ? nls.localize('theia-session-health/probe/running', 'Running the connection-path probe…')
            : run.error ? nls.localize('theia-session-health/probe/couldNotRun', 'The probe could not run: {0}', run.error)
                : run.result ? nls.localize('theia-session-health/probe/lastProbe', 'Last probe: {0} against {1} ({2} ms)', new Date(run.result.startedAt).toLocaleString(), run.result.url, run.result.durationMs)
                    : nls.localize('theia-session-health/probe/notYet', 'The connection path has not been diagnosed from this tab yet.');
        return h('div', { className: 'session-health-probe-status', 'data-state': running ? 'running' : run.error ? 'error' : run.result ? 'done' : 'none' }, status);
    }

    protected actions(): ViewSectionAction[] {
        const run = this.probe.lastRun;
        return [{ className: 'session-health-diagnose', label: run.result || run.error ? nls.localize('theia-session-health/probe/diagnoseAgainButton', 'Diagnose again') : nls.localize('theia-session-health/probe/diagnoseButton', 'Diagnose'), disabled: this.probe.isRunning, run: () => this.probe.diagnoseInView() }];
    }

    protected content(): ReactNode[] {
        const run = this.probe.lastRun;
        return [
            (run.steps?.length ?? 0) > 0 && h('div', { key: 'steps', className: 'session-health-lines probe-steps' },
                ...(run.steps ?? []).map((step, i) => h('div', { key: `${step.step}-${i}`, 'data-step': step.step, className: step.ok || step.skipped ? '' : 'failed' }, formatStep(step)))),
            run.result && h('div', { key: 'findings', className: 'probe-findings' }, ...run.result.findings.map(f => this.finding(f))),
            run.notes.length > 0 && h('ul', { key: 'notes', className: 'probe-monitor' }, ...run.notes.map((n, i) => h('li', { key: i }, n)))
        ];
    }

    protected finding(f: ProbeFinding): ReactNode {
        return h('div', { key: f.code, className: 'probe-finding', 'data-code': f.code, 'data-severity': f.severity },
            h('div', null, h('b', null, f.code), ` — ${f.title}`),
            h('ul', null, ...f.evidence.map((e, i) => h('li', { key: i }, e))),
            f.remediation && h('div', { className: 'probe-fix' }, nls.localize('theia-session-health/connection/tooltip.fix', 'Fix: {0}', f.remediation.text)),
            ...(f.remediation?.snippets ?? []).map((s, i) => h('details', { key: i },
                h('summary', null, `${s.platform}: ${s.title}`),
                h('pre', null, s.config))));
    }
}
