// Cost of the journal while typing (issue 13): BENCH_TYPING_CHARS (default 2,000) characters per side at 20/s at
// the end of a 5,000-line file, the renderer's main-thread time (DevTools Performance.getMetrics TaskDuration, as
// bench/connection.ts) with `sessionHealth.journal.enabled` on and off. The sides alternate off, on, on, off
// (half the characters per block, each block in a fresh browser context and its own file) so that a drift of the
// machine's load falls on both sides alike.
import { CDPSession } from 'playwright-core';
import { MAX_WAIT_MS } from '../src/browser/journal/journal-timing';
import { newContext, openPage, readJournal } from '../test/browser/journal/journal-page';
import { JournalSite, openAtEnd } from './journal-site';

export const TYPING_CHARS = Number(process.env.BENCH_TYPING_CHARS || 2000);
export const TYPING_PER_SECOND = 20;
export const BIG_LINES = 5000;
export const BIG_FILES = ['big-0.txt', 'big-1.txt', 'big-2.txt', 'big-3.txt'];
const BLOCKS: boolean[] = [false, true, true, false];

export function bigFileText(): string {
    return Array.from({ length: BIG_LINES }, (_, i) => `line ${i}: the quick brown fox jumps over the lazy dog ${i % 97}\n`).join('');
}

export interface TypingCost {
    /** Main-thread ms over all blocks of each side. */
    offMs: number;
    onMs: number;
    /** Seconds of typing per side. */
    seconds: number;
    charsPerSide: number;
}

async function taskMs(cdp: CDPSession): Promise<number> {
    const { metrics } = await cdp.send('Performance.getMetrics');
    return (metrics.find(m => m.name === 'TaskDuration')?.value ?? 0) * 1000;
}

/** One block: `chars` characters at 20/s; main-thread ms from the first key to MAX_WAIT_MS after the last. */
async function block(site: JournalSite, file: string, enabled: boolean, chars: number): Promise<number> {
    site.setJournal(enabled);
    const context = await newContext();
    try {
        const page = await openPage(context, site.backend.url);
        await openAtEnd(page, file);
        // The page's start-up work (restore, explorer, language features) is over before the window opens.
        for (let i = 0; i < 3; i++) {
            await page.evaluate(() => new Promise(resolve => requestIdleCallback(resolve, { timeout: 5000 })));
        }
        const cdp = await context.newCDPSession(page);
        await cdp.send('Performance.enable');
        const text = Array.from({ length: chars }, (_, i) => (i % 7 === 6 ? ' ' : String.fromCharCode(97 + (i * 11) % 26))).join('');
        const t0 = Date.now();
        const before = await taskMs(cdp);
        for (let i = 0; i < chars; i++) {
            const due = t0 + i * 1000 / TYPING_PER_SECOND;
            if (due > Date.now()) {
                await new Promise(resolve => setTimeout(resolve, due - Date.now()));
            }
            await page.keyboard.type(text[i]);
        }
        const windowEnd = Date.now() + MAX_WAIT_MS;
        await new Promise(resolve => setTimeout(resolve, Math.max(0, windowEnd - Date.now())));
        const used = await taskMs(cdp) - before;
        // The setting took effect: on, the journal holds the final text; off, it holds nothing of this file.
        const entry = (await readJournal(page)).find(e => e.kind === 'unsaved' && e.uri.endsWith(`/${file}`));
        if (enabled ? !entry?.text?.endsWith(text) : entry !== undefined) {
            throw new Error(`journal ${enabled ? 'on' : 'off'}: the journal ${enabled ? 'lacks the typed text' : 'holds an entry'} for ${file}`);
        }
        process.stderr.write(`  typing ${enabled ? 'on ' : 'off'} ${file}: ${chars} chars in ${((Date.now() - t0) / 1000).toFixed(1)} s, main thread ${used.toFixed(0)} ms\n`);
        return used;
    } finally {
        await context.close().catch(() => undefined);
        site.setJournal(true);
    }
}

export async function typingCost(site: JournalSite): Promise<TypingCost> {
    const perBlock = Math.ceil(TYPING_CHARS / 2);
    let offMs = 0;
    let onMs = 0;
    for (let i = 0; i < BLOCKS.length; i++) {
        const used = await block(site, BIG_FILES[i], BLOCKS[i], perBlock);
        if (BLOCKS[i]) {
            onMs += used;
        } else {
            offMs += used;
        }
    }
    return { offMs, onMs, seconds: 2 * perBlock / TYPING_PER_SECOND, charsPerSide: 2 * perBlock };
}
