// *****************************************************************************
// SESSION_HEALTH_DISABLE as the backend reads it: once per process, before any capability's module binds anything
// (the capabilities module loads first). An unknown name stops the backend with a clear error.
// *****************************************************************************

import {
    CapabilitiesAnswer, CapabilityName, parseDisabledCapabilities, resolveCapabilities, SESSION_HEALTH_DISABLE_ENV
} from '../../common/capabilities/capabilities-protocol';

export class CapabilityConfigError extends Error {
    override readonly name = 'CapabilityConfigError';
}

let cached: { raw: string | undefined; answer: CapabilitiesAnswer } | undefined;

/** What is on and off for this process; throws CapabilityConfigError for an unknown name. */
export function backendCapabilities(env: NodeJS.ProcessEnv = process.env): CapabilitiesAnswer {
    const raw = env[SESSION_HEALTH_DISABLE_ENV];
    if (cached && cached.raw === raw) {
        return cached.answer;
    }
    const parsed = parseDisabledCapabilities(raw);
    if ('error' in parsed) {
        throw new CapabilityConfigError(`theia-session-health: ${parsed.error}. Fix or unset ${SESSION_HEALTH_DISABLE_ENV} and start again.`);
    }
    cached = { raw, answer: resolveCapabilities(parsed.names) };
    return cached.answer;
}

/** Whether a capability's backend module binds anything. */
export function isBackendCapabilityEnabled(name: CapabilityName): boolean {
    return backendCapabilities().enabled.includes(name);
}
