// *****************************************************************************
// Runs the Socket.IO lifecycle layer by layer over a ProbeTransport and records what it saw: a pipeline
// of steps (steps/), each timed and explained by `runStep`. The same code runs in the CLI (Node) and in
// the IDE (browser).
// *****************************************************************************

import { nls } from '@theia/core/lib/common/nls';
import { analyzeProbe } from './probe-findings';
import { ProbeContext, ProbeStepDefinition } from './probe-context';
import { now } from './probe-helpers';
import { ProbeOptions, ProbeResult, ProbeStep } from './probe-protocol';
import { ProbeTransport } from './probe-transport';
import { healthStep, pageStep, readyStep } from './steps/http-steps';
import { freshHandshakesStep, handshakeStep, stickyStep } from './steps/session-steps';
import { webSocketOnlyStep, webSocketUpgradeStep } from './steps/websocket-steps';
import { holdStep } from './steps/hold-step';

export { CONNECTION_TOKEN_COOKIE } from './probe-context';

/** The steps in the order they run; `hold` only with `holdSeconds`. */
export function probeSteps(options: ProbeOptions): ProbeStepDefinition[] {
    const steps = [healthStep, readyStep, pageStep, handshakeStep, stickyStep, freshHandshakesStep, webSocketUpgradeStep, webSocketOnlyStep];
    return options.holdSeconds && options.holdSeconds > 0 ? [...steps, holdStep] : steps;
}

/** Runs one step: skipped with its reason, or timed, with an exception turned into a failed step that says why. */
export async function runStep(ctx: ProbeContext, definition: ProbeStepDefinition): Promise<ProbeStep> {
    const why = definition.skipReason?.(ctx);
    let step: ProbeStep;
    if (why !== undefined) {
        step = { step: definition.name, ok: false, skipped: true, ms: 0, summary: nls.localize('theia-session-health/probe/step.skipped', 'skipped: {0}', why) };
    } else {
        const t = now();
        let outcome: { ok: boolean; summary: string };
        try {
            outcome = await definition.run(ctx);
        } catch (e) {
            outcome = { ok: false, summary: nls.localize('theia-session-health/probe/step.probeError', 'probe error: {0}', e instanceof Error ? e.message : String(e)) };
        }
        step = { step: definition.name, ok: outcome.ok, ms: Math.round(now() - t), summary: ctx.hideSids(outcome.summary) };
    }
    ctx.steps.push(step);
    ctx.options.onStep?.(step);
    return step;
}

/** Runs the probe against a base URL (`https://host/theia/`). */
export async function runProbe(baseUrl: string, transport: ProbeTransport, options: ProbeOptions = {}): Promise<ProbeResult> {
    const ctx = new ProbeContext(baseUrl, transport, options);
    const startedAt = new Date().toISOString();
    const t0 = now();
    for (const step of probeSteps(options)) {
        await runStep(ctx, step);
    }
    // No session outlives the probe: its sids would stay valid until the server's ping timeout (90 s in Theia).
    await ctx.closeOpenSessions();
    // The result is printed, copied and put in support bundles: sids only as their hash.
    return ctx.hideSidsIn<ProbeResult>({
        url: ctx.base,
        runner: transport.runner,
        startedAt,
        durationMs: Math.round(now() - t0),
        steps: ctx.steps,
        findings: analyzeProbe(ctx.obs),
        handshake: ctx.obs.handshakes.find(h => h.info)?.info,
        hold: ctx.obs.hold,
        instances: ctx.instances,
        requests: ctx.requests
    });
}
