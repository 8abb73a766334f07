// *****************************************************************************
// Human-readable text of a probe result (CLI output, copy from the IDE view).
// *****************************************************************************

import { ProbeFinding, ProbeResult, ProbeStep } from './probe-protocol';

export function formatStep(step: ProbeStep): string {
    const mark = step.skipped ? '-' : step.ok ? '✓' : '✗';
    return `${mark} ${step.step.padEnd(17)} ${(step.skipped ? '' : `${step.ms} ms`).padStart(8)}  ${step.summary}`;
}

export function formatFinding(f: ProbeFinding, withSnippets = true): string {
    const lines = [`[${f.code}] ${f.severity.toUpperCase()}: ${f.title}`];
    for (const e of f.evidence) {
        lines.push(`    evidence: ${e}`);
    }
    if (f.remediation) {
        lines.push(`    fix: ${f.remediation.text}`);
        if (withSnippets) {
            for (const s of f.remediation.snippets) {
                lines.push(`    --- ${s.platform}: ${s.title}`);
                lines.push(...s.config.split('\n').map(l => `      ${l}`));
            }
        }
    }
    return lines.join('\n');
}

export function formatProbeResult(result: ProbeResult, options: { steps?: boolean } = {}): string {
    const out: string[] = [];
    if (options.steps !== false) {
        out.push(`Probing ${result.url}`, ...result.steps.map(formatStep), '');
    }
    out.push(`Findings (${result.durationMs} ms):`);
    for (const f of result.findings) {
        out.push(formatFinding(f), '');
    }
    return out.join('\n');
}
