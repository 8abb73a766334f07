// *****************************************************************************
// The persistence report as plain text (CLI, "Copy as text") and the restart notification. Pure.
// *****************************************************************************

import { formatTime } from './persistence-text';
import { PersistenceReport, PersistenceStep } from './persistence-protocol';

const MARK: Record<string, string> = { pass: 'PASS', warn: 'WARN', fail: 'FAIL', skipped: 'SKIP' };

function formatNumber(key: string, value: number | string | boolean): string {
    return `${key}=${typeof value === 'string' && /\s/.test(value) ? JSON.stringify(value) : value}`;
}

export function formatStepLine(step: PersistenceStep): string {
    const numbers = Object.entries(step.numbers).map(([k, v]) => formatNumber(k, v)).join(' ');
    return `[${MARK[step.verdict]}] ${step.title} (${step.durationMs} ms): ${step.reason}${numbers ? `\n       ${numbers}` : ''}`
        + (step.remediation ? `\n       Fix: ${step.remediation}` : '');
}

export function reportHeadline(report: PersistenceReport): string {
    const first = report.firstFailingStep ? report.steps.find(s => s.id === report.firstFailingStep) : undefined;
    const verdictText = report.verdict === 'pass' ? 'PASS: the workspace keeps its files'
        : report.verdict === 'warn' ? `WARN: first warning at "${first?.title ?? report.firstFailingStep}"`
            : `FAIL: first failing step "${first?.title ?? report.firstFailingStep}"`;
    return `Persistence check of ${report.resolvedPath ?? report.path}: ${verdictText}`;
}

export function formatPersistenceReport(report: PersistenceReport): string {
    const lines = [
        reportHeadline(report),
        `Checked ${formatTime(report.checkedAt)} in ${report.durationMs} ms by ${report.instance.source === 'cli' ? 'the command line' : 'backend instance ' + report.instance.id.slice(0, 8)} on ${report.instance.hostname}`,
        ...report.steps.map(formatStepLine),
        `Ledger: ${report.ledger.file} (${report.ledger.entries} earlier markers, ${report.ledger.instances} backend instances, ${report.ledger.restartsSurvived} restarts survived${report.ledger.since ? ` since ${formatTime(report.ledger.since)}` : ''})`
    ];
    if (report.kubernetes) {
        const k = report.kubernetes;
        lines.push(`Kubernetes: pod ${k.namespace}/${k.pod}${k.volumeName ? `, volume ${k.volumeName} (${k.volumeType ?? '?'})` : ''}${k.claimName ? `, claim ${k.claimName}` : ''}${k.storageClass ? `, class ${k.storageClass}` : ''}`);
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
        return {
            severity: report.verdict === 'pass' ? 'info' : 'warn',
            text: `Your workspace files survived the restart (survived ${n} restart${n === 1 ? '' : 's'} since ${formatTime(report.ledger.since)}).`
                + (report.verdict === 'pass' ? '' : ` Persistence check: ${report.verdict}, see the report.`)
        };
    }
    return {
        severity: report.verdict === 'fail' ? 'error' : report.verdict === 'warn' ? 'warn' : 'info',
        text: `${reportHeadline(report)}.${survival ? ' ' + survival.reason : ''}`
    };
}
