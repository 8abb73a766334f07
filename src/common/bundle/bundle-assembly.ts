// *****************************************************************************
// Making a bundle from named parts, the same way on both sides: every part runs concurrently within a time
// budget (a slow or failing part becomes `{ error }`, the rest stays), then the whole bundle goes through the
// redaction once more and is shrunk to the size limit.
// *****************************************************************************

import { BUNDLE_FORMAT_VERSION, BundleCut, MAX_BUNDLE_BYTES, SupportBundle } from './bundle-protocol';
import { Redactor } from './bundle-redaction';
import { fitBundle } from './bundle-size';
import { utf8Length } from '../text/utf8';

/** What a part gets: the shared redactor (field by field) and the list of cuts it made. */
export interface BundlePartContext {
    readonly redactor: Redactor;
    readonly cuts: BundleCut[];
    readonly now: number;
}

export interface BundlePart {
    /** The key of the part in `parts`; one word, a public contract once released. */
    readonly id: string;
    collect(ctx: BundlePartContext): unknown | Promise<unknown>;
}

/** Part budget: the bundle must be made within MAX_BUNDLE_MS, this leaves room for the final pass and the download. */
export const PART_TIMEOUT_MS = 2000;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`took longer than ${ms} ms`)), ms);
    });
    return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export interface AssembledBundle {
    bundle: SupportBundle;
    /** The JSON text to write (what was measured against the limit). */
    text: string;
    bytes: number;
}

export async function assembleBundle(side: SupportBundle['side'], parts: readonly BundlePart[], redactor: Redactor,
    options: { maxBytes?: number; partTimeoutMs?: number } = {}): Promise<AssembledBundle> {
    const started = Date.now();
    const ctx: BundlePartContext = { redactor, cuts: [], now: started };
    const results = await Promise.all(parts.map(async part => {
        try {
            return [part.id, await withTimeout(Promise.resolve().then(() => part.collect(ctx)), options.partTimeoutMs ?? PART_TIMEOUT_MS)] as const;
        } catch (e) {
            return [part.id, { error: e instanceof Error ? e.message : String(e) }] as const;
        }
    }));
    const collected: Record<string, unknown> = {};
    for (const [id, value] of results) {
        collected[id] = value;
    }
    const draft: SupportBundle = {
        formatVersion: BUNDLE_FORMAT_VERSION,
        side,
        createdAt: new Date(started).toISOString(),
        durationMs: Date.now() - started,
        parts: collected,
        cut: ctx.cuts,
        redaction: {}
    };
    // The final pass over everything: a part that forgot a field is still covered.
    const bundle = redactor.value(draft) as SupportBundle;
    bundle.redaction = Object.fromEntries(Object.entries(redactor.counts).filter(([, n]) => n > 0));
    const text = fitBundle(bundle, options.maxBytes ?? MAX_BUNDLE_BYTES);
    return { bundle, text, bytes: utf8Length(text) };
}
