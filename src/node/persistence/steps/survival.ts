// *****************************************************************************
// Step 5, restart survival: reads the ledger, keeps only the markers of this check directory's identity
// (a ledger copied in by a clone proves nothing), appends this run's marker, and compares with what was there
// and with the marker the browser remembered.
// *****************************************************************************

import * as crypto from 'crypto';
import * as fs from 'fs';
import { LedgerEntry } from '../../../common/persistence/persistence-protocol';
import { readIdentity, writeIdentity } from '../../ledger/check-directory';
import { explainError } from '../../ledger/check-errors';
import { CheckStep } from '../check-step';
import { appendLedger, readLedger } from '../../ledger/ledger-store';
import { entriesOfIdentity, isLegacyLedgerHere } from '../../ledger/ledger-codec';
import { survivalOutcome } from '../persistence-verdicts';

async function bornAt(p: string): Promise<string | undefined> {
    try {
        const stat = await fs.promises.stat(p);
        return stat.birthtimeMs > 0 ? stat.birthtime.toISOString() : undefined;
    } catch {
        return undefined;
    }
}

export const survivalStep: CheckStep = {
    id: 'restart-survival',
    doing: ctx => `Recording the marker in ${ctx.ledgerFile}`,
    async run(ctx) {
        const ledgerFile = ctx.ledgerFile!;
        const probe = ctx.steps.find(s => s.id === 'write-probe');
        let entries: LedgerEntry[] = [];
        let unreadable = 0;
        let ignored = 0;
        let checkId: string | undefined;
        let adoptLegacy = false;
        let problem: { reason: string; remediation: string } | undefined;
        if (ctx.stamp) {
            try {
                checkId = await readIdentity(ctx.stamp);
                const all = await readLedger(ctx.stamp, ledgerFile);
                unreadable = all.unreadable;
                adoptLegacy = !checkId && !!all.times && isLegacyLedgerHere(all.entries, all.times, Date.now());
                ({ own: entries, foreign: ignored } = adoptLegacy ? { own: all.entries, foreign: 0 } : entriesOfIdentity(all.entries, checkId));
            } catch (e) {
                problem = explainError(e, `Reading the marker ledger ${ledgerFile}`);
            }
        } else {
            problem = { reason: probe?.reason ?? 'unknown problem', remediation: probe?.remediation ?? '' };
        }
        if (!problem && probe?.verdict !== 'pass') {
            problem = { reason: `the write probe failed (${probe?.reason ?? 'unknown'})`, remediation: probe?.remediation ?? '' };
        }
        let written: LedgerEntry | undefined;
        if (!problem) {
            const { instance } = ctx.options;
            try {
                checkId ??= await writeIdentity(ctx.stamp!, ctx.created);
                if (adoptLegacy) {
                    // The ledger grew here before identities existed: its markers become this directory's (rewritten atomically).
                    entries = entries.map(e => ({ ...e, checkId }));
                }
                const entry: LedgerEntry = {
                    instanceId: instance.id, hostname: instance.hostname, instanceStartedAt: instance.startedAt,
                    time: new Date().toISOString(), nonce: crypto.randomUUID(), source: instance.source, checkId
                };
                await appendLedger(ctx.stamp!, ledgerFile, entries, entry, adoptLegacy);
                written = entry;
                ctx.markerWritten = true;
            } catch (e) {
                problem = explainError(e, `Appending the marker to ${ledgerFile}`);
            }
        }
        const survival = survivalOutcome({
            ledgerFile, entries, unreadable, ignored, remembered: ctx.request.rememberedMarker, written,
            problem: problem?.reason, problemRemediation: problem?.remediation,
            storageBornAt: await bornAt(ctx.root!), now: new Date().toISOString()
        });
        ctx.ledger = survival.summary;
        return survival.outcome;
    }
};
