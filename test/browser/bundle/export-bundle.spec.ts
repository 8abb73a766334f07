// Issue 15 section 2 in real Chromium: "Session Health: Export Support Bundle…" downloads one JSON file.
// Planted canaries (admin token and OTLP password in the backend's environment, the connection cookie, the
// live sid seen on the wire) never appear; <= 1 MiB, made in <= 3 s; its sid hash is the one this tab's
// stored reports carry.
import { expect } from 'chai';
import * as fs from 'fs';
import * as path from 'path';
import { RunningBackend, startBackend } from '../../helpers/theia-backend';
import { TcpProxy } from '../../helpers/tcp-proxy';
import { IdePage, openIde } from '../../helpers/ide-page';
import { selectInPalette } from '../../helpers/command-palette';
import { TEST_TMP } from '../../helpers/paths';
import { readStored } from '../../helpers/reports-fixtures';
import { sha256Hex } from '../../../src/common/shared/sha256';
import { MAX_BUNDLE_BYTES, MAX_BUNDLE_MS } from '../../../src/common/bundle/bundle-protocol';
import { ADMIN_TOKEN_ENV, OTLP_ENDPOINT_ENV } from '../../../src/node/reports/reports-env';

const ADMIN = 'canary-admin-token-browser-9d2f';
const OTLP_PASSWORD = 'canarypass';

interface Reports { tabId: string; queued(): number; summaryNow(): void }
interface BundleDebug { last?: { bytes: number; durationMs: number } }

describe('browser: Export Support Bundle', function (): void {
    this.timeout(150000);
    const dataDir = path.join(TEST_TMP, `bundle-browser-${process.pid}`);
    let backend: RunningBackend | undefined;
    let proxy: TcpProxy | undefined;
    let ide: IdePage | undefined;

    after(async () => {
        await ide?.close().catch(() => undefined);
        await proxy?.close().catch(() => undefined);
        await backend?.stop();
        fs.rmSync(dataDir, { recursive: true, force: true });
    });

    it('downloads one redacted JSON file whose sid hash matches the tab\'s stored reports', async () => {
        backend = await startBackend({ env: { SESSION_HEALTH_DATA_DIR: dataDir, [ADMIN_TOKEN_ENV]: ADMIN, [OTLP_ENDPOINT_ENV]: `http://user:${OTLP_PASSWORD}@127.0.0.1:1/` } });
        proxy = new TcpProxy(backend.port);
        await proxy.listen();
        ide = await openIde(proxy.url);
        const page = ide.page;
        await ide.waitForState('connected', 60000);
        await page.waitForFunction(() => !!(window as unknown as { __sessionHealthReports?: unknown }).__sessionHealthReports);
        // A summary of this tab, delivered: the stored records carry the sid hash.
        await page.evaluate(() => (window as unknown as { __sessionHealthReports: Reports }).__sessionHealthReports.summaryNow());
        await page.waitForFunction(() => (window as unknown as { __sessionHealthReports: Reports }).__sessionHealthReports.queued() === 0, undefined, { timeout: 30000, polling: 200 });

        // Timed by this test's clock from the command's start (the palette's Enter) to the download, not by the
        // product's own `durationMs`.
        await selectInPalette(page, 'Session Health: Export Support Bundle…');
        const started = Date.now();
        const [download] = await Promise.all([page.waitForEvent('download', { timeout: 30000 }), page.keyboard.press('Enter')]);
        const tookMs = Date.now() - started;
        expect(download.suggestedFilename()).to.match(/^session-health-browser-bundle-.*\.json$/);
        const text = fs.readFileSync((await download.path())!, 'utf8');
        const made = await page.evaluate(() => (window as unknown as { __sessionHealthBundle: BundleDebug }).__sessionHealthBundle.last);
        expect(Buffer.byteLength(text)).to.be.at.most(MAX_BUNDLE_BYTES).and.to.equal(made!.bytes);
        expect(tookMs, 'command start to download (test clock)').to.be.at.most(MAX_BUNDLE_MS);

        const cookie = (await ide.context.cookies()).find(c => c.name === 'theia-connection-token');
        expect(cookie?.value, 'the connection cookie to plant').to.be.a('string').with.length.greaterThan(5);
        const sids = [...new Set(proxy.requestSids)];
        expect(sids.length, 'live sids seen on the wire').to.be.greaterThan(0);
        for (const canary of [ADMIN, OTLP_PASSWORD, cookie!.value, ...sids]) {
            expect(text, 'a planted secret').to.not.contain(canary);
        }
        const bundle = JSON.parse(text);
        expect(Object.keys(bundle.parts)).to.include.members(['versions', 'settings', 'connection', 'storage', 'persistence', 'probe', 'reports']);
        expect(bundle.parts.versions.theia).to.equal('1.74.1');
        expect(bundle.parts.connection.timeline.length).to.be.greaterThan(0);
        // Round-trip samples from the connection history (the same one the Session Health view draws), each with its time and state.
        const samples = bundle.parts.connection.samples as Array<{ at: number; state: string; roundTripMs?: number }>;
        expect(samples, 'round-trip samples').to.be.an('array').with.length.greaterThan(0);
        expect(samples.some(sample => typeof sample.roundTripMs === 'number'), 'a sample with a round trip').to.equal(true);
        expect(samples.every((sample, i) => i === 0 || sample.at >= samples[i - 1].at), 'samples in time order').to.equal(true);

        const wireSid = sids[sids.length - 1];
        const tabId = await page.evaluate(() => (window as unknown as { __sessionHealthReports: Reports }).__sessionHealthReports.tabId);
        const stored = (await readStored(backend.url, ADMIN)).filter(r => r.tabId === tabId && r.sidHash);
        expect(stored.length, 'stored reports of this tab').to.be.greaterThan(0);
        expect(bundle.parts.connection.sidSha256).to.equal(sha256Hex(wireSid)).and.to.equal(stored[stored.length - 1].sidHash);
    });
});
