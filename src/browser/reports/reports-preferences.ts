// *****************************************************************************
// Settings under `sessionHealth.reports.*`.
// *****************************************************************************

import { interfaces } from '@theia/core/shared/inversify';
import { PreferenceProxy, PreferenceSchema, PreferenceScope } from '@theia/core/lib/common/preferences';
import { bindUserScopedPreferences } from '../shared/user-scoped-preferences';
import { clampedNumberOption, parseNumberOption } from '../../common/shared/number-option';
import { nls } from '@theia/core/lib/common/nls';

export const REPORTS_SUMMARY_INTERVAL = 'sessionHealth.reports.summaryInterval';
export const REPORTS_SUMMARY_RANGE = { minimum: 5, maximum: 3600 } as const;
export const DEFAULT_SUMMARY_INTERVAL_S = 30;

export const reportsPreferenceSchema: PreferenceSchema = {
    properties: {
        [REPORTS_SUMMARY_INTERVAL]: {
            type: 'integer',
            default: DEFAULT_SUMMARY_INTERVAL_S,
            ...REPORTS_SUMMARY_RANGE,
            // What every tab reports to the admin is not a cloned repository's choice.
            scope: PreferenceScope.User,
            description: nls.localize('theia-session-health/reports/pref.reportsSummaryInterval', 'Seconds between two connection summaries this tab reports to the IDE server (round trips, missed heartbeats, transport).')
        }
    }
};

export interface ReportsConfiguration {
    [REPORTS_SUMMARY_INTERVAL]: number;
}

export const ReportsPreferenceContribution = Symbol('ReportsPreferenceContribution');
export const ReportsPreferences = Symbol('ReportsPreferences');
export type ReportsPreferences = PreferenceProxy<ReportsConfiguration>;

/** The summary interval in ms, clamped to the allowed range. */
export function summaryIntervalMs(value: unknown): number {
    const range = { min: REPORTS_SUMMARY_RANGE.minimum, max: REPORTS_SUMMARY_RANGE.maximum, text: 'none' } as const;
    return Math.round(clampedNumberOption(parseNumberOption(value, range), DEFAULT_SUMMARY_INTERVAL_S) * 1000);
}

export function bindReportsPreferences(bind: interfaces.Bind): void {
    bindUserScopedPreferences(bind, { proxy: ReportsPreferences, contribution: ReportsPreferenceContribution, schema: reportsPreferenceSchema });
}
