import { expect } from 'chai';
import * as fc from 'fast-check';
import { clampedNumberOption, parseNumberOption } from '../../../src/common/shared/number-option';
import { DEGRADED_ROUND_TRIP, HEARTBEAT_INTERVAL, HEARTBEAT_TIMEOUT } from '../../../src/browser/connection/connection-preferences';
import { clampConnectionSettings } from '../../../src/browser/connection/monitor/monitor-settings';
import { DEFAULT_MONITOR_SETTINGS } from '../../../src/browser/connection/state/connection-snapshot';
import { summaryIntervalMs } from '../../../src/browser/reports/reports-preferences';
import { envInteger } from '../../../src/node/reports/reports-env';
import { DEFAULT_DRAIN_SECONDS, parseDrainSeconds } from '../../../src/common/health/health-protocol';

describe('number-option: the one parser of numeric options', () => {
    it('reads numbers and strings; tells absent, blank, invalid and out-of-range apart', () => {
        const spec = { min: 1, max: 10 };
        expect(parseNumberOption(undefined, spec)).to.deep.equal({ status: 'absent' });
        expect(parseNumberOption('  ', spec)).to.deep.equal({ status: 'blank' });
        expect(parseNumberOption(' 5 ', spec)).to.deep.equal({ status: 'ok', value: 5 });
        expect(parseNumberOption('0x0a', spec)).to.deep.equal({ status: 'ok', value: 10 });
        expect(parseNumberOption('2.5', spec)).to.deep.equal({ status: 'ok', value: 2.5 });
        expect(parseNumberOption(7, spec)).to.deep.equal({ status: 'ok', value: 7 });
        for (const bad of ['abc', 'NaN', 'Infinity', '1,5', true, null, {}, [], NaN, Infinity, -Infinity]) {
            expect(parseNumberOption(bad, spec), String(bad)).to.deep.equal({ status: 'invalid' });
        }
        expect(parseNumberOption('11', spec)).to.deep.equal({ status: 'out-of-range', value: 11, clamped: 10 });
        expect(parseNumberOption(-3, spec)).to.deep.equal({ status: 'out-of-range', value: -3, clamped: 1 });
    });

    it('options: integer, round, decimal text, no text', () => {
        expect(parseNumberOption('2.5', { min: 0, max: 9, integer: true })).to.deep.equal({ status: 'invalid' });
        expect(parseNumberOption('1e3', { min: 0, max: 5000, integer: true })).to.deep.equal({ status: 'ok', value: 1000 });
        expect(parseNumberOption(300.4, { min: 50, max: 60000, round: true })).to.deep.equal({ status: 'ok', value: 300 });
        expect(parseNumberOption(49.6, { min: 50, max: 60000, round: true })).to.deep.equal({ status: 'ok', value: 50 });
        expect(parseNumberOption(10.6, { min: 50, max: 60000, round: true })).to.deep.equal({ status: 'out-of-range', value: 11, clamped: 50 });
        for (const notDecimal of ['1e3', '0x10', '-1', '+1', '.5', '1.', '']) {
            expect(parseNumberOption(notDecimal, { min: -10, max: 5000, text: 'decimal' }).status, notDecimal).to.be.oneOf(['invalid', 'blank']);
        }
        expect(parseNumberOption(' 12.5 ', { min: 0, max: 100, text: 'decimal' })).to.deep.equal({ status: 'ok', value: 12.5 });
        expect(parseNumberOption('5', { min: 0, max: 100, text: 'none' })).to.deep.equal({ status: 'invalid' });
        expect(clampedNumberOption(parseNumberOption('500', { min: 0, max: 100 }), 7)).to.equal(100);
        expect(clampedNumberOption(parseNumberOption('x', { min: 0, max: 100 }), 7)).to.equal(7);
        expect(clampedNumberOption(parseNumberOption(undefined, { min: 0, max: 100 }), 7)).to.equal(7);
    });

    // The parsers the option parser replaced, as they were (0.1.0): each caller must behave exactly as before.
    const numberish = fc.oneof(
        fc.string({ unit: fc.constantFrom('0', '1', '5', '9', '.', '-', '+', 'e', 'x', ' ', 'a', 'I', 'n'), maxLength: 8 }),
        fc.double().map(String), fc.integer({ min: -5000, max: 5000 }).map(String), fc.constant(undefined));
    const anyValue = fc.oneof(fc.double(), fc.integer({ min: -200000, max: 200000 }), fc.string({ maxLength: 4 }), fc.constantFrom(undefined, null, true, {}));

    it('envInteger: same values and warnings as before', () => {
        const old = (raw: string | undefined, fallback: number, min: number, max: number) => {
            if (raw === undefined || raw.trim() === '') {
                return { value: fallback, warned: false };
            }
            const value = Number(raw);
            return !Number.isInteger(value) || value < min || value > max ? { value: fallback, warned: true } : { value, warned: false };
        };
        const warn = console.warn;
        try {
            fc.assert(fc.property(numberish, raw => {
                let warned = false;
                console.warn = () => { warned = true; };
                const value = envInteger('X', 42, -100, 1000, { X: raw });
                expect({ value, warned }).to.deep.equal(old(raw, 42, -100, 1000));
            }), { numRuns: 3000 });
        } finally {
            console.warn = warn;
        }
    });

    it('parseDrainSeconds: same seconds and errors as before', () => {
        const old = (value: string | undefined) => {
            if (value === undefined || value.trim() === '') {
                return { seconds: DEFAULT_DRAIN_SECONDS };
            }
            const n = Number(value);
            return !Number.isFinite(n) || n < 0 || n > 3600 ? { seconds: DEFAULT_DRAIN_SECONDS, error: true } : { seconds: n };
        };
        fc.assert(fc.property(numberish, raw => {
            const r = parseDrainSeconds(raw);
            expect(r.error === undefined ? { seconds: r.seconds } : { seconds: r.seconds, error: true }).to.deep.equal(old(raw));
        }), { numRuns: 3000 });
    });

    it('summaryIntervalMs and clampConnectionSettings: same values and warnings as before', () => {
        const oldSummary = (value: unknown) => {
            const seconds = typeof value === 'number' && Number.isFinite(value) ? value : 30;
            return Math.round(Math.min(3600, Math.max(5, seconds)) * 1000);
        };
        const oldClamp = (value: unknown, min: number, max: number, fallback: number) => {
            if (typeof value !== 'number' || !Number.isFinite(value)) {
                return { value: fallback, warnings: value !== undefined ? 1 : 0 };
            }
            const clamped = Math.min(max, Math.max(min, Math.round(value)));
            return { value: clamped, warnings: clamped !== value ? 1 : 0 };
        };
        fc.assert(fc.property(anyValue, value => {
            expect(summaryIntervalMs(value)).to.equal(oldSummary(value));
            const r = clampConnectionSettings({ [HEARTBEAT_INTERVAL]: 1000, [HEARTBEAT_TIMEOUT]: 120000, [DEGRADED_ROUND_TRIP]: value });
            expect({ value: r.settings.degradedRoundTripMs, warnings: r.warnings.length }).to.deep.equal(oldClamp(value, 50, 60000, DEFAULT_MONITOR_SETTINGS.degradedRoundTripMs));
        }), { numRuns: 3000 });
    });
});
