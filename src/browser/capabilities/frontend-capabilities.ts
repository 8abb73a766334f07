// *****************************************************************************
// Which capabilities are on in this tab: set once by the preload contribution (before Theia loads the frontend
// modules, which read it to bind nothing for a switched-off capability). Module state, like Theia's own
// FrontendApplicationConfigProvider: a ContainerModule cannot inject.
// *****************************************************************************

import { CapabilitiesAnswer, CapabilityName } from '../../common/capabilities/capabilities-protocol';

let answer: CapabilitiesAnswer | undefined;
let problem: string | undefined;
let markKnown: () => void;
const known = new Promise<void>(resolve => markKnown = resolve);

export namespace FrontendCapabilities {
    /** Called once by the preload contribution; without an answer (`problem` says why) every capability stays on. */
    export function set(value: CapabilitiesAnswer | undefined, why?: string): void {
        answer = value;
        problem = value ? undefined : why;
        markKnown();
    }

    /** Whether a capability's frontend module binds anything. True until told otherwise. */
    export function isEnabled(name: CapabilityName): boolean {
        return !answer || answer.enabled.includes(name);
    }

    /** Resolves once the preload contribution has asked the backend (at once or after it gave up). */
    export function whenKnown(): Promise<void> {
        return known;
    }

    /** What the backend answered (undefined: not asked yet, or no usable answer). */
    export function current(): CapabilitiesAnswer | undefined {
        return answer;
    }

    /** Why the answer could not be used, for the log once the logger exists. */
    export function failure(): string | undefined {
        return problem;
    }
}
