// Debian's chromium, driven by playwright-core: one browser shared by all browser tests.
import * as fs from 'fs';
import { Browser, chromium } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
    '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'
];

let shared: Promise<Browser> | undefined;

export function sharedBrowser(): Promise<Browser> {
    if (!fs.existsSync(CHROMIUM_PATH)) {
        throw new Error(`Chromium not found at ${CHROMIUM_PATH}: install Debian's chromium package (scripts/setup.sh does).`);
    }
    shared ??= chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
    return shared;
}

export async function closeSharedBrowser(): Promise<void> {
    if (shared) {
        const browser = await shared.catch(() => undefined);
        shared = undefined;
        await browser?.close();
    }
}
