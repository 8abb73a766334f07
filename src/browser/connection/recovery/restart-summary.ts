// *****************************************************************************
// One restart, one notification: the facts a tab gathers after reconnecting to a new backend instance (the cause
// from the lifecycle, the persistence check's verdict) in one short plain sentence group. Every detail (instance id,
// the cause's detail, the check's steps) goes to the Session Health view's timeline instead. Pure.
// *****************************************************************************

import { BackendInstance } from '../../../common/connection/heartbeat-protocol';
import { PreviousInstance, restartFilesClause, restartHeadline } from '../../../common/lifecycle/lifecycle-protocol';
import { PersistenceReport, RestartCheckResult } from '../../../common/persistence/persistence-protocol';
import { formatTime } from '../../../common/persistence/persistence-text';
import { restartNotification, stepTitle } from '../../../common/persistence/persistence-format';
import { onHost } from '../monitor/refusal-diagnosis';
import { nls } from '@theia/core/lib/common/nls';

/** Whoever knows why the previous instance stopped (the lifecycle capability binds it; optional). */
export const RestartCauseSource = Symbol('RestartCauseSource');
export interface RestartCauseSource {
    /**
     * What happened to the instance `before` now that `now` answers: undefined when the new backend cannot say
     * (a first start as far as it knows) or is about another instance. Records the timeline entry once per `now`.
     */
    explain(before: string, now: string): Promise<PreviousInstance | undefined>;
}

export type Severity = 'info' | 'warn' | 'error';

export interface RestartFacts {
    /** The new instance. */
    instance: BackendInstance;
    /** The tab was told the server was stopping (a planned stop). */
    planned: boolean;
    /** Why the previous instance stopped; undefined: not known (yet). */
    previous?: PreviousInstance;
    /** The persistence check after the restart; 'pending' when it had not answered in time, undefined when absent. */
    check?: RestartCheckResult | 'pending';
}

export interface RestartSummary {
    severity: Severity;
    /** Plain text (escape it before passing it to MessageService: the host name comes from the network). */
    text: string;
    /** The Session Health view section "Details" opens. */
    section: 'connection' | 'persistence';
}

/** A time of day as the restart notification shows it ("14:02"). */
export function shortTime(iso: string): string {
    return new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}

const RANK: Record<Severity, number> = { info: 0, warn: 1, error: 2 };
const worst = (a: Severity, b: Severity): Severity => RANK[a] >= RANK[b] ? a : b;

/**
 * The check's verdict in one short sentence: the storage replaced (its reason, with the time), survival proven (the
 * count), or the first step that warned or failed by its title (the steps are in the view's Persistence section).
 */
export function checkClause(report: PersistenceReport): { text: string; severity: Severity; fromCheck: boolean } {
    const note = restartNotification(report);
    const survival = report.steps.find(s => s.id === 'restart-survival');
    if (note.severity === 'error' && survival?.verdict === 'fail' && report.ledger.remembered && !report.ledger.remembered.found) {
        return { text: ` ${note.text}`, severity: 'error', fromCheck: true };
    }
    const proven = survival && (survival.verdict === 'pass' || survival.verdict === 'warn') && report.ledger.entries > 0;
    const n = report.ledger.restartsSurvived;
    const files = !proven ? '' : ' ' + (n === 1
        ? nls.localize('theia-session-health/connection/summary.survivedOne', 'Your workspace files survived the restart (survived 1 restart since {0}).', formatTime(report.ledger.since))
        : nls.localize('theia-session-health/connection/summary.survived', 'Your workspace files survived the restart (survived {0} restarts since {1}).', n, formatTime(report.ledger.since)));
    if (report.verdict === 'pass') {
        return { text: files || ' ' + nls.localize('theia-session-health/connection/summary.checkPassed', 'Persistence check passed; survival is proven from the next restart on.'), severity: 'info', fromCheck: true };
    }
    const failing = report.steps.find(s => s.id === report.firstFailingStep);
    const first = (failing && stepTitle(failing)) ?? report.firstFailingStep ?? nls.localize('theia-session-health/connection/summary.aStep', 'a step');
    return {
        text: `${files} ${report.verdict === 'warn'
            ? nls.localize('theia-session-health/connection/summary.checkWarning', 'Persistence check: warning at "{0}".', first)
            : nls.localize('theia-session-health/connection/summary.checkFailed', 'Persistence check: failed at "{0}".', first)}`,
        severity: report.verdict === 'warn' ? 'warn' : 'error', fromCheck: true
    };
}

/** What the files clause says, and how bad it is. */
export function filesClause(facts: RestartFacts): { text: string; severity: Severity; fromCheck: boolean } {
    const check = facts.check;
    if (check === 'pending') {
        return { text: ' ' + nls.localize('theia-session-health/connection/summary.checkRunning', 'The persistence check is still running; its result will be in Session Health.'), severity: 'info', fromCheck: true };
    }
    if (check?.report) {
        return checkClause(check.report);
    }
    if (check?.failure) {
        return { text: ' ' + nls.localize('theia-session-health/connection/summary.checkCouldNotRun', 'The persistence check could not run: {0}.', check.failure.replace(/\.$/, '')), severity: 'error', fromCheck: true };
    }
    if (facts.previous) {
        return { text: restartFilesClause(facts.previous.cause), severity: facts.previous.cause === 'storage-replaced' ? 'warn' : 'info', fromCheck: false };
    }
    return { text: '', severity: 'info', fromCheck: false };
}

/**
 * e.g. "The IDE server restarted at 14:02 on pod-7: it ran out of memory. Reconnected; unsaved changes in open editors
 * are kept. Your workspace files survived the restart (survived 3 restarts since 2026-11-20 09:12:00 UTC)."
 */
export function restartSummary(facts: RestartFacts, time: (iso: string) => string): RestartSummary {
    const { instance, previous } = facts;
    const head = previous
        ? `${restartHeadline(previous, time, instance.hostname)}.`
        : nls.localize('theia-session-health/connection/summary.restarted', 'The IDE server restarted{0} (new instance started {1}).', onHost(instance.hostname), time(instance.startedAt));
    const files = filesClause(facts);
    const planned = facts.planned || previous?.cause === 'planned-stop' || previous?.cause === 'idle-stop';
    const severity = worst(planned ? 'info' : 'warn', files.severity);
    return {
        severity,
        text: `${head} ${nls.localize('theia-session-health/connection/summary.reconnected', 'Reconnected; unsaved changes in open editors are kept.')}${files.text}`,
        section: files.fromCheck && RANK[files.severity] > 0 ? 'persistence' : 'connection'
    };
}
