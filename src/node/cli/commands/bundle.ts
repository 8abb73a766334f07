// *****************************************************************************
// `session-health bundle [--out FILE] [--url URL]`: the server side of the support bundle, from the backend's
// machine. The live parts (instance, drain state, metrics) exist only in the backend process, so the command
// asks the running backend (GET /session-health/bundle with the admin bearer token from
// SESSION_HEALTH_ADMIN_TOKEN) and runs the redaction once more over the answer before writing it.
// Exit 0 written, 1 the backend did not give a bundle, 2 usage error, 3 the file could not be written.
// *****************************************************************************

import * as fs from 'fs';
import { CliCommand, parseCliArgs, UsageError } from '../cli-command';
import { BUNDLE_ROUTE, MAX_BUNDLE_BYTES } from '../../../common/bundle/bundle-protocol';
import { Redactor, secretEnvValues } from '../../../common/bundle/bundle-redaction';
import { fitBundle } from '../../../common/bundle/bundle-size';
// The CLI runs without a container: it calls node/http's functions directly (DefaultHttpGuard only wraps them).
import { ADMIN_TOKEN_ENV, readToken } from '../../http/bearer-token';

export const BUNDLE_EXIT = { written: 0, noBundle: 1, usage: 2, writeFailed: 3 } as const;
export const DEFAULT_BUNDLE_URL = 'http://127.0.0.1:3000/';
const REQUEST_TIMEOUT_MS = 10000;

const usage = `Usage: session-health bundle [--out <file>] [--url <backend url>]

Writes the server side of the support bundle (instance, drain state, storage verdicts and ledger summaries
of the workspace roots, stored report records by type for the last 24 h, a metrics snapshot, the Session
Health environment) as JSON, with every secret masked. Asks the running backend for it.

Options:
  --out <file>   write the bundle to <file> (created, never overwritten; mode 0600); default: standard output
  --url <url>    the backend, as reached from this machine (default ${DEFAULT_BUNDLE_URL})

Environment:
  ${ADMIN_TOKEN_ENV}   the backend's admin token (sent as a bearer token; never written)

Exit codes: 0 written, 1 the backend did not give a bundle, 2 usage error, 3 the file could not be written.`;

function backendUrl(raw: string | boolean | undefined): URL {
    const text = typeof raw === 'string' ? raw : DEFAULT_BUNDLE_URL;
    let url: URL;
    try {
        url = new URL(text);
    } catch {
        throw new UsageError(`--url: not a URL: ${JSON.stringify(text)}`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
        throw new UsageError('--url: must be http:// or https://');
    }
    if (url.username || url.password) {
        throw new UsageError('--url: must not carry credentials (the token comes from the environment)');
    }
    return new URL(BUNDLE_ROUTE.replace(/^\//, ''), url.href.endsWith('/') ? url.href : url.href + '/');
}

export const command: CliCommand = {
    name: 'bundle',
    summary: 'Write the server side of the support bundle, secrets masked (exit 0 written, 1 no bundle, 3 not written)',
    usage,
    usageExitCode: BUNDLE_EXIT.usage,
    async run(args, io) {
        const { values, positionals } = parseCliArgs(args, { 'out': { type: 'string' }, 'url': { type: 'string' } });
        if (positionals.length) {
            throw new UsageError(`unexpected argument ${JSON.stringify(positionals[0])}`);
        }
        if (values.out !== undefined && (typeof values.out !== 'string' || values.out.trim() === '')) {
            throw new UsageError('--out needs a file');
        }
        const url = backendUrl(values.url);
        const token = readToken(ADMIN_TOKEN_ENV);
        if (token.state !== 'set') {
            throw new UsageError(`${ADMIN_TOKEN_ENV} ${token.state === 'unset' ? 'is not set' : `is not usable: ${token.problem}`}; set it to the backend's admin token`);
        }
        let status: number;
        let body: string;
        const started = Date.now();
        try {
            const res = await fetch(url, { headers: { authorization: `Bearer ${token.token}` }, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
            status = res.status;
            body = await res.text();
        } catch (e) {
            io.err(`session-health bundle: cannot reach the backend at ${url.origin}: ${e instanceof Error ? e.message : String(e)}\n`);
            return BUNDLE_EXIT.noBundle;
        }
        const requestMs = Date.now() - started;
        const redactor = new Redactor([token.token, ...secretEnvValues(process.env)]);
        let parsed: { parts: Record<string, unknown>; cut: [] } | undefined;
        try {
            parsed = JSON.parse(body);
        } catch {
            parsed = undefined;
        }
        if (status !== 200 || !parsed || typeof parsed.parts !== 'object') {
            const reason = parsed && typeof (parsed as { reason?: unknown }).reason === 'string' ? (parsed as unknown as { reason: string }).reason : body.slice(0, 200);
            io.err(`session-health bundle: the backend answered HTTP ${status}: ${redactor.text(reason)}\n`);
            return BUNDLE_EXIT.noBundle;
        }
        const text = fitBundle(redactor.value(parsed) as typeof parsed, MAX_BUNDLE_BYTES) + '\n';
        if (typeof values.out !== 'string') {
            io.out(text);
            return BUNDLE_EXIT.written;
        }
        try {
            await fs.promises.writeFile(values.out, text, { flag: 'wx', mode: 0o600 });
        } catch (e) {
            const code = (e as NodeJS.ErrnoException).code;
            io.err(`session-health bundle: cannot write ${values.out}: ${code === 'EEXIST' ? 'the file exists (choose another name)' : e instanceof Error ? e.message : String(e)}\n`);
            return BUNDLE_EXIT.writeFailed;
        }
        io.err(`session-health bundle: wrote ${values.out} (${Buffer.byteLength(text)} bytes, made in ${requestMs} ms)\n`);
        return BUNDLE_EXIT.written;
    }
};
