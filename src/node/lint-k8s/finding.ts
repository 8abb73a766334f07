// *****************************************************************************
// Building findings, ordering them, and the exit code they give.
// *****************************************************************************

import { K8sResource, LintCode, LintFinding, LintSeverity, refOf, YamlPath } from './lint-types';

export function finding(code: LintCode, severity: LintSeverity, resource: K8sResource, path: YamlPath,
    evidence: string, fix: string, docs: string): LintFinding {
    return { code, severity, file: resource.file, line: resource.lineOf(path), resource: refOf(resource), evidence, fix, docs };
}

export function sortFindings(findings: LintFinding[]): LintFinding[] {
    return [...findings].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.code.localeCompare(b.code));
}

/** 0 clean, 1 warnings only, 2 at least one error (3, bad input, is decided by the caller). */
export function exitCodeFor(findings: readonly LintFinding[]): 0 | 1 | 2 {
    if (findings.some(f => f.severity === 'error')) {
        return 2;
    }
    return findings.length ? 1 : 0;
}
