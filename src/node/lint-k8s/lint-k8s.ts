// *****************************************************************************
// The manifest linter: runs every rule over the loaded resources. Pure: no file system, no network.
// *****************************************************************************

import { affinityRule } from './affinity-rules';
import { authCookieRule } from './auth-rules';
import { backendConfigWiringRule, cdnRule, ingressServiceRule } from './backend-config-rules';
import { exitCodeFor, sortFindings } from './finding';
import { ManifestModel } from './manifest-model';
import { LintRule } from './lint-rule';
import { DEFAULT_WORKSPACE_PATH, K8sResource, LintFinding, LintOptions } from './lint-types';
import { timeoutRule } from './timeout-rules';
import { drainRule, healthCheckPathRule, persistenceRule, probeRule } from './workload-rules';

export const LINT_RULES: readonly LintRule[] = [
    ingressServiceRule, backendConfigWiringRule, cdnRule, affinityRule, timeoutRule,
    persistenceRule, probeRule, healthCheckPathRule, drainRule, authCookieRule
];

export interface LintResult {
    findings: LintFinding[];
    exitCode: 0 | 1 | 2;
}

export function lintResources(resources: K8sResource[], options: Partial<LintOptions> = {}): LintResult {
    const model = new ManifestModel(resources, { workspacePath: options.workspacePath ?? DEFAULT_WORKSPACE_PATH });
    const findings = sortFindings(LINT_RULES.flatMap(rule => rule.check(model)));
    return { findings, exitCode: exitCodeFor(findings) };
}
