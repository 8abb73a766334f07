// *****************************************************************************
// The contract of one manifest lint rule: it reads the model and returns findings.
// *****************************************************************************

import { LintCode, LintFinding } from './lint-types';
import { ManifestModel } from './manifest-model';

export interface LintRule {
    /** The codes this rule can produce (for documentation and tests). */
    readonly codes: readonly LintCode[];
    check(model: ManifestModel): LintFinding[];
}
