// *****************************************************************************
// The capabilities an admin can switch off at deploy time (SESSION_HEALTH_DISABLE=reports,journal). A switched-off
// capability adds no UI, no route, no timer and no storage; one that needs it is switched off with it. The backend
// reads the variable and answers GET /session-health/capabilities; the frontend asks it before its modules load.
// *****************************************************************************

export const SESSION_HEALTH_DISABLE_ENV = 'SESSION_HEALTH_DISABLE';
export const CAPABILITIES_ROUTE = '/session-health/capabilities';

/** Every name SESSION_HEALTH_DISABLE accepts (docs/adopting.md lists what each adds). */
export const CAPABILITY_NAMES = [
    'connection', 'storage', 'persistence', 'journal', 'idle', 'lifecycle', 'reports', 'bundle', 'probe', 'health'
] as const;
export type CapabilityName = typeof CAPABILITY_NAMES[number];

/** Capabilities that cannot work without another: off when it is off. */
export const CAPABILITY_REQUIRES: Readonly<Partial<Record<CapabilityName, readonly CapabilityName[]>>> = {
    // The keep-alive reports and the stopping / restart-cause notices are about the connection the monitor watches.
    reports: ['connection'],
    lifecycle: ['connection']
};

/** Why a capability is off: the variable names it, or a capability it needs is off. */
export interface DisabledCapability {
    name: CapabilityName;
    /** `SESSION_HEALTH_DISABLE`, or the name of the capability it needs. */
    by: string;
}

/** GET /session-health/capabilities. */
export interface CapabilitiesAnswer {
    enabled: CapabilityName[];
    disabled: DisabledCapability[];
}

export function isCapabilityName(name: string): name is CapabilityName {
    return (CAPABILITY_NAMES as readonly string[]).includes(name);
}

/**
 * Reads a SESSION_HEALTH_DISABLE value: names separated by commas or spaces, any case. Unknown names are an error
 * (a typo must not leave a capability on that the admin meant to switch off).
 */
export function parseDisabledCapabilities(value: string | undefined): { names: CapabilityName[] } | { error: string } {
    const words = (value ?? '').split(/[\s,]+/).map(w => w.trim().toLowerCase()).filter(w => w.length > 0);
    const unknown = words.filter(w => !isCapabilityName(w));
    if (unknown.length) {
        const shown = unknown.slice(0, 5).map(w => JSON.stringify(w.slice(0, 40))).join(', ');
        return {
            error: `${SESSION_HEALTH_DISABLE_ENV} names unknown ${unknown.length === 1 ? 'capability' : 'capabilities'} ${shown}; `
                + `known: ${CAPABILITY_NAMES.join(', ')}`
        };
    }
    return { names: [...new Set(words as CapabilityName[])] };
}

/** What is on and off once the capabilities that need a switched-off one are off too. */
export function resolveCapabilities(off: readonly CapabilityName[]): CapabilitiesAnswer {
    const disabled: DisabledCapability[] = off.map(name => ({ name, by: SESSION_HEALTH_DISABLE_ENV }));
    let changed = true;
    while (changed) {
        changed = false;
        for (const name of CAPABILITY_NAMES) {
            const missing = (CAPABILITY_REQUIRES[name] ?? []).find(need => disabled.some(d => d.name === need));
            if (missing && !disabled.some(d => d.name === name)) {
                disabled.push({ name, by: missing });
                changed = true;
            }
        }
    }
    return { enabled: CAPABILITY_NAMES.filter(n => !disabled.some(d => d.name === n)), disabled };
}

/** Whether a parsed route answer has the expected shape (anything else: every capability stays on). */
export function isCapabilitiesAnswer(value: unknown): value is CapabilitiesAnswer {
    const v = value as CapabilitiesAnswer | undefined;
    return !!v && Array.isArray(v.enabled) && Array.isArray(v.disabled)
        && v.enabled.every(n => typeof n === 'string')
        && v.disabled.every(d => !!d && typeof d.name === 'string' && typeof d.by === 'string');
}
