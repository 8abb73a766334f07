// Issue 23 section 2: neither support bundle leaks a secret. More than 30 secret shapes are planted where the bundles
// read from: the backend's environment (header lists, URLs with userinfo, query and fragment secrets, JSON pairs,
// secret-named variables), the user's settings, stored report records, a ledger file, a probe result (answers of a
// real nginx carrying secrets in headers and bodies), browser cookies and the live sid of the connected tab. The
// browser bundle (Export Support Bundle in Chromium) and the CLI's `session-health bundle` contain none of them,
// still carry the non-secret facts, and each is timed by this test's own clock (not the product's `durationMs`).
import { runCli } from '../../helpers/cli';
import { expect } from 'chai';
import * as fs from 'fs';
import * as path from 'path';
import { RunningBackend, startBackend } from '../../helpers/theia-backend';
import { TcpProxy } from '../../helpers/tcp-proxy';
import { IdePage, openIde } from '../../helpers/ide-page';
import { selectInPalette } from '../../helpers/command-palette';
import { RunningProxy, startNginx } from '../../helpers/probe-proxies';
import { connectTheiaClient, TheiaClient } from '../../helpers/theia-client';
import { TEST_TMP, DEMO_WORKSPACE } from '../../helpers/paths';
import { validRecord } from '../../helpers/reports-fixtures';
import { sha256Hex } from '../../../src/common/shared/sha256';
import { MAX_BUNDLE_BYTES, MAX_BUNDLE_MS } from '../../../src/common/bundle/bundle-protocol';
import { DEFAULT_PERSISTENCE_DIRECTORY, LEDGER_FILE_NAME } from '../../../src/common/persistence/persistence-protocol';
import { REPORTS_SERVICE_PATH, ReportsService } from '../../../src/common/reports/reports-protocol';
import { ADMIN_TOKEN_ENV, OTLP_ENDPOINT_ENV } from '../../../src/node/reports/reports-env';

/** A distinct canary per planted secret: `canary<n>x<pid>q0secret` is found nowhere else (16+ characters: a usable admin token). */
const secret = (n: number) => `canary${n}x${process.pid}q0secret`;
const S = Array.from({ length: 40 }, (_, i) => secret(i));

const ENV: Record<string, string> = {
    [ADMIN_TOKEN_ENV]: S[1],
    OTEL_EXPORTER_OTLP_HEADERS: `x-honeycomb-team=${S[2]},x-honeycomb-dataset=${S[3]}`,
    OTEL_EXPORTER_OTLP_LOGS_ENDPOINT: `http://127.0.0.1:1/v1/logs?sig=${S[4]}&se=2030`,
    [OTLP_ENDPOINT_ENV]: `http://otlp-user:${S[5]}@127.0.0.1:1/`,
    SESSION_HEALTH_DB_PASS: S[6],
    THEIA_SENTRY_DSN: `https://${S[7]}@sentry.example/42`,
    THEIA_BACKUP_PWD: S[8],
    THEIA_PROXY_AUTH: S[9],
    SESSION_HEALTH_UPLOAD_SIG: S[10],
    THEIA_LB_COOKIE: S[11],
    THEIA_FLASK_SESSION: S[12],
    THEIA_WEBHOOK: `https://hooks.example/notify#access_token=${S[13]}`,
    THEIA_CALLBACK: `https://cb.example/done?code=${S[14]}&state=visible`,
    THEIA_EXTRA_CONFIG: `{"password": "${S[15]}", "region": "eu-west-visible"}`,
    THEIA_UPSTREAM: `https://svc:${S[16]}@upstream.example/api`,
    OTEL_RESOURCE_ATTRIBUTES: `deployment=prod-visible,authorization=Bearer ${S[17]}`,
    KUBERNETES_SERVICE_TOKEN: S[18],
    THEIA_PUBLIC_NAME: 'theia-public-name-visible'
};

describe('browser + CLI: the support bundles leak none of 30+ planted secrets', function (): void {
    this.timeout(180000);
    const dir = path.join(TEST_TMP, `bundle-leaks-${process.pid}`);
    const workspace = path.join(dir, 'workspace');
    const config = path.join(dir, 'config');
    let backend: RunningBackend | undefined;
    let nginx: RunningProxy | undefined;
    let proxy: TcpProxy | undefined;
    let client: TheiaClient | undefined;
    let ide: IdePage | undefined;

    after(async () => {
        await ide?.close().catch(() => undefined);
        client?.close();
        await proxy?.close().catch(() => undefined);
        await nginx?.stop();
        await backend?.stop();
        fs.rmSync(dir, { recursive: true, force: true });
    });

    it('plants every shape, exports both bundles, finds no secret and the useful facts', async () => {
        fs.rmSync(dir, { recursive: true, force: true });
        fs.cpSync(DEMO_WORKSPACE, workspace, { recursive: true, filter: source => path.relative(DEMO_WORKSPACE, source).split(path.sep)[0] !== '.theia' });
        // A ledger file with secrets in a malformed line and in a foreign marker.
        const ledgerDir = path.join(workspace, ...DEFAULT_PERSISTENCE_DIRECTORY.split('/'));
        fs.mkdirSync(ledgerDir, { recursive: true });
        fs.writeFileSync(path.join(ledgerDir, LEDGER_FILE_NAME), `not json token=${S[19]}\n{"nonce":"${S[20]}","time":"2026-01-01T00:00:00Z","instanceId":"x","source":"ide"}\n`);
        // User settings (the bundle lists every sessionHealth.* setting).
        fs.mkdirSync(config, { recursive: true });
        fs.writeFileSync(path.join(config, 'settings.json'), JSON.stringify({
            'sessionHealth.storage.persistentMountPatterns': [`https://nfs:${S[21]}@nfs.example/share`, `{"apiKey": "${S[22]}"}`, `Authorization: Bearer ${S[23]}`, '/mnt/persistent-visible'],
            'sessionHealth.storage.ephemeralMountPatterns': [`/mnt/x?sig=${S[24]}`, `session=${S[25]}`, '/mnt/ephemeral-visible']
        }));
        backend = await startBackend({ workspace, env: { ...ENV, SESSION_HEALTH_DATA_DIR: path.join(dir, 'data'), THEIA_CONFIG_DIR: config } });
        // Stored records whose free text carries secrets.
        client = await connectTheiaClient(backend.url);
        const service = await client.createProxy<ReportsService>(REPORTS_SERVICE_PATH);
        await service.submit({ records: [
            validRecord({ tabId: client.frontendId, fields: { reason: `https://u:${S[26]}@h.example/?sig=${S[27]}` } }, 1),
            validRecord({ tabId: client.frontendId, fields: { reason: `{"secret": "${S[28]}"} cookie: a=${S[29]}` } }, 2)
        ] });
        // A real nginx whose answers carry secrets in a Via and an X-Cache header and in the /ready body: the probe records them.
        nginx = await startNginx(`server { listen 127.0.0.1:PORT;
            location = /ready { add_header Via "1.1 edge (https://edge:${S[30]}@cdn.example/?sig=${S[31]})" always; return 200 "ready token=${S[32]} {\\"password\\": \\"${S[33]}\\"}"; }
            location / { proxy_pass http://127.0.0.1:${backend.port}; proxy_http_version 1.1; proxy_set_header Upgrade $http_upgrade;
                proxy_set_header Connection $connection_upgrade; proxy_set_header Host $http_host;
                add_header X-Cache "HIT https://cache:${S[34]}@c.example/p?k=${S[35]}#${S[36]}" always; } }`);
        proxy = new TcpProxy(nginx.port);
        await proxy.listen();
        ide = await openIde(proxy.url + '/');
        const page = ide.page;
        await ide.context.addCookies([{ name: 'sessionid', value: S[37], url: proxy.url }, { name: 'auth', value: S[38], url: proxy.url }]);
        await ide.waitForState('connected', 60000);

        await selectInPalette(page, 'Session Health: Diagnose Connection Path');
        await page.keyboard.press('Enter');
        await page.locator('.session-health-probe .probe-findings[data-state="done"]').waitFor({ timeout: 60000 });
        await page.locator('.dialogBlock:has(.session-health-probe) button', { hasText: /^Close$/ }).click();
        await page.locator('.session-health-probe').waitFor({ state: 'detached', timeout: 10000 });

        // The browser bundle, timed from the Enter that runs the command to the download.
        await selectInPalette(page, 'Session Health: Export Support Bundle…');
        const started = Date.now();
        const [download] = await Promise.all([page.waitForEvent('download', { timeout: 30000 }), page.keyboard.press('Enter')]);
        const browserText = fs.readFileSync((await download.path())!, 'utf8');
        const browserMs = Date.now() - started;

        // The server bundle through the CLI, timed around the whole command.
        const cliStarted = Date.now();
        const cli = await runCli(['bundle', '--url', backend.url], { [ADMIN_TOKEN_ENV]: S[1] });
        const cliMs = Date.now() - cliStarted;
        expect(cli.code, cli.err).to.equal(0);

        const connectionCookie = (await ide.context.cookies()).find(c => c.name === 'theia-connection-token')?.value;
        const sids = [...new Set(proxy.requestSids)];
        expect(connectionCookie, 'the connection cookie').to.be.a('string').with.length.greaterThan(5);
        expect(sids.length, 'live sids on the wire (the tab and the probe)').to.be.greaterThan(1);
        const planted = [...S.slice(1, 39), connectionCookie!, ...sids];
        expect(planted.length).to.be.at.least(30);
        for (const [side, text] of [['browser', browserText], ['CLI', cli.out]]) {
            const leaked = planted.filter(s => text.includes(s));
            expect(leaked, `secrets in the ${side} bundle`).to.deep.equal([]);
        }

        expect(browserMs, 'browser bundle: command to download (test clock)').to.be.at.most(MAX_BUNDLE_MS);
        expect(cliMs, 'server bundle: the whole CLI command (test clock)').to.be.at.most(MAX_BUNDLE_MS);
        expect(Buffer.byteLength(browserText)).to.be.at.most(MAX_BUNDLE_BYTES);
        expect(Buffer.byteLength(cli.out)).to.be.at.most(MAX_BUNDLE_BYTES);

        // Still useful: the browser bundle.
        const b = JSON.parse(browserText);
        expect(b.parts.versions.theia).to.equal('1.74.1');
        expect(b.parts.settings['sessionHealth.storage.ephemeralMountPatterns'].value).to.include('/mnt/ephemeral-visible');
        expect(b.parts.settings['sessionHealth.storage.persistentMountPatterns'].value).to.include('/mnt/persistent-visible');
        expect(sids.map(sha256Hex), 'the tab\'s sid hash').to.include(b.parts.connection.sidSha256);
        expect(b.parts.probe.result.findings.map((f: { code: string }) => f.code)).to.include('PROXY_CACHING');
        expect(b.parts.probe.result.steps.map((s: { step: string }) => s.step)).to.include.members(['health', 'ready', 'handshake', 'websocket-upgrade']);
        expect(JSON.stringify(b.parts.probe.result.requests)).to.contain('EIO=4&transport=polling');
        // ... and the server bundle.
        const s = JSON.parse(cli.out);
        expect(s.parts.environment).to.include({ THEIA_PUBLIC_NAME: 'theia-public-name-visible', SESSION_HEALTH_DATA_DIR: path.join(dir, 'data') });
        expect(s.parts.environment.THEIA_CALLBACK).to.equal('https://cb.example/done?code=[redacted]&state=[redacted]');
        expect(s.parts.environment.THEIA_EXTRA_CONFIG).to.contain('"region": "eu-west-visible"');
        expect(s.parts.environment.OTEL_RESOURCE_ATTRIBUTES).to.contain('deployment=prod-visible');
        expect(Object.keys(s.parts.environment)).to.include.members(Object.keys(ENV));
        expect(s.parts.records.complete).to.equal(true);
        expect(s.parts.records.total, 'the planted records and the tab\'s own').to.be.at.least(2);
        expect(s.parts.ledger[0]).to.include({ root: workspace });
        expect(s.parts.instance.id).to.be.a('string').with.length.greaterThan(5);
    });
});

