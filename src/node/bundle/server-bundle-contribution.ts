// *****************************************************************************
// The backend's contribution point of the server bundle: each capability's backend module binds its part(s) here
// (as view sections do in the browser), so bundle/ imports no capability. A switched-off capability binds nothing
// and the bundle shows what stood there before (SERVER_BUNDLE_PARTS).
// *****************************************************************************

import { BundlePart } from '../../common/bundle/bundle-assembly';

/** What one bundle's parts share: the open workspace roots, read once per bundle. */
export interface ServerBundleScope {
    workspaceRoots(): Promise<string[]>;
}

export const ServerBundleContribution = Symbol('ServerBundleContribution');
export interface ServerBundleContribution {
    parts(scope: ServerBundleScope): BundlePart[];
}

/** The parts in the order the bundle lists them, and what stands for a part whose capability is switched off. */
export const SERVER_BUNDLE_PARTS: readonly { readonly id: string; readonly switchedOff?: object }[] = [
    { id: 'instance' },
    { id: 'drain', switchedOff: { draining: 'unknown (health switched off)' } },
    { id: 'storage', switchedOff: { error: 'storage switched off' } },
    { id: 'ledger' },
    { id: 'records', switchedOff: { error: 'reports switched off' } },
    { id: 'metrics', switchedOff: { error: 'reports switched off' } },
    { id: 'environment' }
];
