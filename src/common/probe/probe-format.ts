// *****************************************************************************
// Human-readable text of a probe result (CLI output, copy from the IDE view). Its words go through nls (English in
// the CLI); the step names, codes and severities stay as they are: scripts grep for them.
// *****************************************************************************

import { nls } from '@theia/core/lib/common/nls';
import { ProbeFinding, ProbeResult, ProbeStep } from './probe-protocol';

/**
 * C0 and C1 control characters (ESC, CSI, BEL, CR, newline ...), DEL, and the bidi overrides: a server string
 * (a `/ready` body, a header, a sid) that reached a terminal with them could move the cursor, rewrite the title,
 * clear the screen, or forge lines of the report.
 */
const CONTROLS = '\\u0000-\\u0009\\u000b-\\u001f\\u007f-\\u009f\\u061c\\u200e\\u200f\\u2028\\u2029\\u202a-\\u202e\\u2066-\\u2069';
const CONTROL = new RegExp(`[\\n${CONTROLS}]`, 'g');
/** The same but newline: JSON.stringify's own line breaks stay, inside strings it has escaped them. */
const CONTROL_BUT_NEWLINE = new RegExp(`[${CONTROLS}]`, 'g');
const escape = (c: string) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0');

/** Shows every control character of a string as a visible `\uXXXX` escape: the text is one inert line. */
export function escapeControlCharacters(text: string): string {
    return text.replace(CONTROL, escape);
}

/** JSON text with every control character escaped (JSON.stringify leaves DEL, C1 and bidi controls raw); still valid JSON. */
export function escapeJsonControlCharacters(json: string): string {
    return json.replace(CONTROL_BUT_NEWLINE, escape);
}

export function formatStep(step: ProbeStep): string {
    const mark = step.skipped ? '-' : step.ok ? '✓' : '✗';
    return `${mark} ${step.step.padEnd(17)} ${(step.skipped ? '' : `${step.ms} ms`).padStart(8)}  ${escapeControlCharacters(step.summary)}`;
}

export function formatFinding(f: ProbeFinding, withSnippets = true): string {
    const e = escapeControlCharacters;
    const lines = [`[${e(f.code)}] ${e(f.severity.toUpperCase())}: ${e(f.title)}`];
    for (const line of f.evidence) {
        lines.push('    ' + nls.localize('theia-session-health/probe/report.evidence', 'evidence: {0}', e(line)));
    }
    if (f.remediation) {
        lines.push('    ' + nls.localize('theia-session-health/probe/report.fix', 'fix: {0}', e(f.remediation.text)));
        if (withSnippets) {
            for (const s of f.remediation.snippets) {
                lines.push(`    --- ${e(s.platform)}: ${e(s.title)}`);
                lines.push(...s.config.split('\n').map(l => `      ${e(l)}`));
            }
        }
    }
    return lines.join('\n');
}

export function formatProbeResult(result: ProbeResult, options: { steps?: boolean } = {}): string {
    const out: string[] = [];
    if (options.steps !== false) {
        out.push(nls.localize('theia-session-health/probe/report.probing', 'Probing {0}', escapeControlCharacters(result.url)), ...result.steps.map(formatStep), '');
    }
    out.push(nls.localize('theia-session-health/probe/report.findings', 'Findings ({0} ms):', result.durationMs));
    for (const f of result.findings) {
        out.push(formatFinding(f), '');
    }
    return out.join('\n');
}
