// *****************************************************************************
// The "Diagnose Connection Path" dialog: live steps, findings with their fix, and what the live monitor knows.
// *****************************************************************************

import '../../../src/browser/probe/probe.css';
import { SessionHealthDialog } from '../shared/session-health-dialog';
import { formatStep } from '../../common/probe/probe-format';
import { ProbeFinding, ProbeResult, ProbeStep } from '../../common/probe/probe-protocol';
import { nls } from '@theia/core/lib/common/nls';

export interface ProbeDialogActions {
    rerun(): void;
    copy(): void;
}

export class ProbeDialog extends SessionHealthDialog {
    protected readonly stepsNode = this.section('probe-steps', nls.localize('theia-session-health/probe/steps', 'Steps'));
    protected readonly findingsNode = this.section('probe-findings', nls.localize('theia-session-health/probe/findings', 'Findings'));
    protected readonly monitorNode = this.section('probe-monitor', nls.localize('theia-session-health/probe/monitor', 'What the live connection monitor knows'));

    constructor(protected readonly actions: ProbeDialogActions) {
        super(nls.localize('theia-session-health/probe/dialogTitle', 'Session Health: Diagnose Connection Path'), 'session-health-probe-dialog', 'session-health-probe');
        this.appendButtons([
            { label: nls.localize('theia-session-health/probe/copyReport', 'Copy report'), className: 'session-health-probe-copy', run: () => this.actions.copy() },
            { label: nls.localize('theia-session-health/probe/runAgain', 'Run again'), className: 'session-health-probe-rerun', run: () => this.actions.rerun() }
        ]);
    }

    reset(): void {
        this.stepsNode.textContent = '';
        this.findingsNode.textContent = nls.localize('theia-session-health/probe/dialogRunning', 'Running…');
        this.findingsNode.dataset.state = 'running';
    }

    addStep(step: ProbeStep): void {
        const line = document.createElement('div');
        line.classList.add('probe-step');
        line.dataset.step = step.step;
        if (!step.ok && !step.skipped) {
            line.classList.add('failed');
        }
        line.textContent = formatStep(step);
        this.stepsNode.appendChild(line);
    }

    showResult(result: ProbeResult): void {
        this.findingsNode.textContent = '';
        this.findingsNode.dataset.state = 'done';
        for (const f of result.findings) {
            this.findingsNode.appendChild(this.renderFinding(f));
        }
    }

    showError(message: string): void {
        this.findingsNode.textContent = nls.localize('theia-session-health/probe/couldNotRun', 'The probe could not run: {0}', message);
        this.findingsNode.dataset.state = 'error';
    }

    showMonitorNotes(notes: string[]): void {
        this.monitorNode.textContent = '';
        const ul = document.createElement('ul');
        for (const n of notes) {
            const li = document.createElement('li');
            li.textContent = n;
            ul.appendChild(li);
        }
        this.monitorNode.appendChild(ul);
    }

    protected renderFinding(f: ProbeFinding): HTMLElement {
        const div = document.createElement('div');
        div.classList.add('probe-finding');
        div.dataset.code = f.code;
        div.dataset.severity = f.severity;
        const title = document.createElement('div');
        const code = document.createElement('b');
        code.textContent = f.code;
        title.append(code, ` — ${f.title}`);
        div.appendChild(title);
        const evidence = document.createElement('ul');
        for (const e of f.evidence) {
            const li = document.createElement('li');
            li.textContent = e;
            evidence.appendChild(li);
        }
        div.appendChild(evidence);
        if (f.remediation) {
            const fix = document.createElement('div');
            fix.classList.add('probe-fix');
            fix.textContent = `Fix: ${f.remediation.text}`;
            div.appendChild(fix);
            for (const s of f.remediation.snippets) {
                const details = document.createElement('details');
                const summary = document.createElement('summary');
                summary.textContent = `${s.platform}: ${s.title}`;
                const pre = document.createElement('pre');
                pre.textContent = s.config;
                details.append(summary, pre);
                div.appendChild(details);
            }
        }
        return div;
    }
}
