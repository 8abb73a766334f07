import { expect } from 'chai';
import { DEGRADED_ROUND_TRIP, HEARTBEAT_INTERVAL, HEARTBEAT_TIMEOUT, connectionPreferenceSchema, SHOW_STATUS_BAR_ITEM } from '../../../src/browser/connection/connection-preferences';
import { clampConnectionSettings } from '../../../src/browser/connection/monitor/monitor-settings';

describe('session-health settings', () => {
    it('declares defaults and ranges in the schema', () => {
        const p = connectionPreferenceSchema.properties;
        expect(p[HEARTBEAT_INTERVAL]).to.deep.include({ default: 1000, minimum: 250, maximum: 60000, type: 'integer' });
        expect(p[HEARTBEAT_TIMEOUT]).to.deep.include({ default: 2000, minimum: 500 });
        expect(p[DEGRADED_ROUND_TRIP]).to.deep.include({ default: 500 });
        expect(p[SHOW_STATUS_BAR_ITEM]).to.deep.include({ default: true, type: 'boolean' });
    });

    it('passes valid values through without warnings', () => {
        const r = clampConnectionSettings({ [HEARTBEAT_INTERVAL]: 2000, [HEARTBEAT_TIMEOUT]: 5000, [DEGRADED_ROUND_TRIP]: 300 });
        expect(r.settings).to.deep.equal({ heartbeatIntervalMs: 2000, heartbeatTimeoutMs: 5000, degradedRoundTripMs: 300 });
        expect(r.warnings).to.be.empty;
    });

    it('clamps out-of-range values and says so', () => {
        const r = clampConnectionSettings({ [HEARTBEAT_INTERVAL]: 10, [HEARTBEAT_TIMEOUT]: 1e9, [DEGRADED_ROUND_TRIP]: -5 });
        expect(r.settings).to.deep.equal({ heartbeatIntervalMs: 250, heartbeatTimeoutMs: 120000, degradedRoundTripMs: 50 });
        expect(r.warnings).to.have.length(3);
        expect(r.warnings[0]).to.match(/sessionHealth.heartbeatInterval: 10 is outside 250..60000; using 250/);
    });

    it('falls back to defaults for non-numbers, and keeps the timeout at least one interval', () => {
        const r = clampConnectionSettings({ [HEARTBEAT_INTERVAL]: 5000, [HEARTBEAT_TIMEOUT]: 'soon', [DEGRADED_ROUND_TRIP]: undefined });
        expect(r.settings).to.deep.equal({ heartbeatIntervalMs: 5000, heartbeatTimeoutMs: 5000, degradedRoundTripMs: 500 });
        expect(r.warnings.join('\n')).to.match(/not a number/).and.match(/shorter than/);
    });
});
