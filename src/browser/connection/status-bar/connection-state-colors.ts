// *****************************************************************************
// Theme colours of the connection states (`sessionHealth.state.<state>`, CSS `--theia-sessionHealth-state-<state>`),
// registered with Theia's colour registry so that every theme (and a user's colour customizations) can set
// them. A state without a registered colour (one added later) falls back to the description foreground.
// *****************************************************************************

import { injectable } from '@theia/core/shared/inversify';
import { ColorContribution } from '@theia/core/lib/browser/color-application-contribution';
import { ColorRegistry } from '@theia/core/lib/browser/color-registry';
import { nls } from '@theia/core/lib/common/nls';

/** Default colours (VS Code's chart palette), per theme kind. */
const STATE_COLORS: Record<string, { dark: string; light: string; hcDark?: string; hcLight?: string }> = {
    connected: { dark: '#89D185', light: '#388A34' },
    polling: { dark: '#CCA700', light: '#BF8803' },
    degraded: { dark: '#D18616', light: '#C4620C' },
    offline: { dark: '#F14C4C', light: '#E51400' },
    reconnecting: { dark: '#B180D7', light: '#652D90' },
    stopping: { dark: '#3794FF', light: '#1A85FF' },
    'signed-out': { dark: '#E2A03F', light: '#895503', hcDark: '#FFD75E', hcLight: '#6A3F00' }
};

/** The status-bar item's colours while signed out (`sessionHealth.state.signedOutStatusBar.*`): warning colours. */
export const SIGNED_OUT_BACKGROUND = 'signedOutStatusBar.background';
export const SIGNED_OUT_FOREGROUND = 'signedOutStatusBar.foreground';

export const STATE_COLOR_FALLBACK_VARIABLE = '--theia-descriptionForeground';

export function stateColorId(state: string): string {
    return `sessionHealth.state.${state}`;
}

/** The CSS variable Theia sets for a state's colour id. */
export function stateColorVariable(state: string): string {
    return `--theia-${stateColorId(state).replace(/\./g, '-')}`;
}

/** A state's colour from the current theme; the fallback variable, then grey, when the state has none. */
export function resolveStateColor(state: string, read: (variable: string) => string): string {
    return read(stateColorVariable(state)).trim() || read(STATE_COLOR_FALLBACK_VARIABLE).trim() || '#888888';
}

@injectable()
export class ConnectionStateColors implements ColorContribution {
    registerColors(colors: ColorRegistry): void {
        for (const [state, c] of Object.entries(STATE_COLORS)) {
            colors.register({
                id: stateColorId(state),
                defaults: { dark: c.dark, light: c.light, hcDark: c.hcDark ?? c.dark, hcLight: c.hcLight ?? c.light },
                description: nls.localize('theia-session-health/connection/stateColor', 'Session Health view: band colour of the connection state "{0}".', state)
            });
        }
        colors.register({
            id: stateColorId(SIGNED_OUT_BACKGROUND),
            defaults: { dark: 'statusBarItem.warningBackground', light: 'statusBarItem.warningBackground', hcDark: '#7A5200', hcLight: '#895503' },
            description: nls.localize('theia-session-health/connection/signedOutBackground', 'Background of the IDE connection status-bar item while signed out.')
        }, {
            id: stateColorId(SIGNED_OUT_FOREGROUND),
            defaults: { dark: 'statusBarItem.warningForeground', light: 'statusBarItem.warningForeground', hcDark: '#FFFFFF', hcLight: '#FFFFFF' },
            description: nls.localize('theia-session-health/connection/signedOutForeground', 'Foreground of the IDE connection status-bar item while signed out.')
        });
    }
}
