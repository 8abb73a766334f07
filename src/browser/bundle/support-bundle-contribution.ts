// *****************************************************************************
// One part of the browser support bundle. A capability adds its part by binding a SupportBundleContribution
// in its own frontend module (`bindContribution`-style: `bind(SupportBundleContribution).toService(...)`);
// the bundle code does not change.
// *****************************************************************************

import { BundlePart, BundlePartContext } from '../../common/bundle/bundle-assembly';

export const SupportBundleContribution = Symbol('SupportBundleContribution');
export interface SupportBundleContribution extends BundlePart {
    /** The key in `parts`; one word. */
    readonly id: string;
    /**
     * The part's data, JSON-serializable. Pass secret-looking fields through `ctx.redactor` (the whole bundle is
     * redacted once more at the end) and cap lists with `capNewest`, recording the cut in `ctx.cuts`.
     */
    collect(ctx: BundlePartContext): unknown | Promise<unknown>;
    /** Secret values this part knows of (e.g. the live sid): masked wherever they appear in the bundle. */
    knownSecrets?(): readonly (string | undefined)[];
}
