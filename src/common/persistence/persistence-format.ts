// *****************************************************************************
// The persistence report as plain text (CLI, "Copy as text") and the restart notification. Pure. The words go
// through nls: the browser shows them in Theia's display language, the CLI (no translation loaded) prints English.
// *****************************************************************************

import { nls } from '@theia/core/lib/common/nls';
import { formatTime } from './persistence-text';
import { verdictMark } from '../text/verdict-labels';
import { PERSISTENCE_STEP_TITLES, persistenceStepTitle, PersistenceReport, PersistenceStep } from './persistence-protocol';

function formatNumber(key: string, value: number | string | boolean): string {
    return `${key}=${typeof value === 'string' && /\s/.test(value) ? JSON.stringify(value) : value}`;
}

/** A step's title from its id (localized); the report's own `title` for an id this version does not know. */
export function stepTitle(step: Pick<PersistenceStep, 'id' | 'title'>): string {
    return Object.prototype.hasOwnProperty.call(PERSISTENCE_STEP_TITLES, step.id) ? persistenceStepTitle(step.id) : step.title;
}

export function formatStepLine(step: PersistenceStep): string {
    const numbers = Object.entries(step.numbers).map(([k, v]) => formatNumber(k, v)).join(' ');
    return nls.localize('theia-session-health/persistence/report.stepLine', '[{0}] {1} ({2} ms): {3}', verdictMark(step.verdict), stepTitle(step), step.durationMs, step.reason)
        + (numbers ? `\n       ${numbers}` : '')
        + (step.remediation ? `\n       ${nls.localize('theia-session-health/connection/tooltip.fix', 'Fix: {0}', step.remediation)}` : '');
}

export function reportHeadline(report: PersistenceReport): string {
    const first = report.firstFailingStep ? report.steps.find(s => s.id === report.firstFailingStep) : undefined;
    const title = first ? stepTitle(first) : report.firstFailingStep;
    const verdictText = report.verdict === 'pass' ? nls.localize('theia-session-health/persistence/report.pass', 'PASS: the workspace keeps its files')
        : report.verdict === 'warn' ? nls.localize('theia-session-health/persistence/report.warn', 'WARN: first warning at "{0}"', title)
            : nls.localize('theia-session-health/persistence/report.fail', 'FAIL: first failing step "{0}"', title);
    return nls.localize('theia-session-health/persistence/report.headline', 'Persistence check of {0}: {1}', report.resolvedPath ?? report.path, verdictText);
}

function checkedLine(report: PersistenceReport): string {
    const who = report.instance.source === 'cli'
        ? nls.localize('theia-session-health/persistence/commandLine', 'the command line')
        : nls.localize('theia-session-health/persistence/backendInstance', 'backend instance {0}', report.instance.id.slice(0, 8));
    return nls.localize('theia-session-health/persistence/report.checked', 'Checked {0} in {1} ms by {2} on {3}', formatTime(report.checkedAt), report.durationMs, who, report.instance.hostname);
}

function ledgerLine(report: PersistenceReport): string {
    const l = report.ledger;
    return l.since
        ? nls.localize('theia-session-health/persistence/report.ledgerSince', 'Ledger: {0} ({1} earlier markers, {2} backend instances, {3} restarts survived since {4})',
            l.file, l.entries, l.instances, l.restartsSurvived, formatTime(l.since))
        : nls.localize('theia-session-health/persistence/report.ledger', 'Ledger: {0} ({1} earlier markers, {2} backend instances, {3} restarts survived)',
            l.file, l.entries, l.instances, l.restartsSurvived);
}

function kubernetesLine(k: NonNullable<PersistenceReport['kubernetes']>): string {
    return nls.localize('theia-session-health/persistence/report.kubernetesPod', 'Kubernetes: pod {0}', `${k.namespace}/${k.pod}`)
        + (k.volumeName ? nls.localize('theia-session-health/persistence/report.kubernetesVolume', ', volume {0} ({1})', k.volumeName, k.volumeType ?? '?') : '')
        + (k.claimName ? nls.localize('theia-session-health/persistence/report.kubernetesClaim', ', claim {0}', k.claimName) : '')
        + (k.storageClass ? nls.localize('theia-session-health/persistence/report.kubernetesClass', ', class {0}', k.storageClass) : '');
}

export function formatPersistenceReport(report: PersistenceReport): string {
    const lines = [
        reportHeadline(report),
        checkedLine(report),
        ...report.steps.map(formatStepLine),
        ledgerLine(report)
    ];
    if (report.kubernetes) {
        lines.push(kubernetesLine(report.kubernetes));
    }
    return lines.join('\n');
}

/** The notification after the tab reconnected to a new backend (a restart). */
export function restartNotification(report: PersistenceReport): { severity: 'info' | 'warn' | 'error'; text: string } {
    const survival = report.steps.find(s => s.id === 'restart-survival');
    if (survival?.verdict === 'fail' && report.ledger.remembered && !report.ledger.remembered.found) {
        return { severity: 'error', text: survival.reason };
    }
    if (survival && (survival.verdict === 'pass' || survival.verdict === 'warn') && report.ledger.entries > 0) {
        const n = report.ledger.restartsSurvived;
        const since = formatTime(report.ledger.since);
        return {
            severity: report.verdict === 'pass' ? 'info' : 'warn',
            text: (n === 1
                ? nls.localize('theia-session-health/connection/summary.survivedOne', 'Your workspace files survived the restart (survived 1 restart since {0}).', since)
                : nls.localize('theia-session-health/connection/summary.survived', 'Your workspace files survived the restart (survived {0} restarts since {1}).', n, since))
                + (report.verdict === 'pass' ? '' : ' ' + nls.localize('theia-session-health/persistence/report.seeReport', 'Persistence check: {0}, see the report.', report.verdict))
        };
    }
    return {
        severity: report.verdict === 'fail' ? 'error' : report.verdict === 'warn' ? 'warn' : 'info',
        text: `${reportHeadline(report)}.${survival ? ' ' + survival.reason : ''}`
    };
}
