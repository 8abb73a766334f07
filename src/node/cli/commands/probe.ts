// *****************************************************************************
// `session-health probe <url>`: diagnose the connection path from here to the IDE.
// *****************************************************************************

import { CliCommand, parseCliArgs, UsageError } from '../cli-command';
import { parseNumberOption } from '../../../common/shared/number-option';
import { normaliseBaseUrl } from '../../../common/probe/engine-io-packets';
import { escapeControlCharacters, escapeJsonControlCharacters, formatFinding, formatStep } from '../../../common/probe/probe-format';
import { probeExitCode } from '../../../common/probe/probe-protocol';
import { runProbe } from '../../../common/probe/probe-runner';
import { NodeProbeTransport } from '../../probe/node-probe-transport';
import { parseProbeHeader, ProbeHeader, ProbeHeaderError } from '../../../common/probe/probe-headers';

const USAGE = `Usage: session-health probe <url> [--json] [--hold S] [--requests N] [--timeout MS] [--header 'Name: value']...

Runs the Socket.IO lifecycle against the IDE at <url> (e.g. https://ide.example.com/theia/), layer by layer:
/health and /ready, the page (connection token), a polling handshake, follow-up requests with the session id,
fresh handshakes (cache check), the WebSocket upgrade, a WebSocket-only handshake and, with --hold, an idle
WebSocket held open for S seconds. Prints the findings with the configuration that fixes them.
Answers are read up to 1 MiB, cookies go back only to the host that set them, and every server string is
printed with its control characters escaped.

Options:
  --json          print the whole result as JSON
  --hold S        hold an idle WebSocket open for S seconds (1..3600) and report cuts and their period
  --requests N    follow-up polling round trips with the session id (1..1000, default 10)
  --timeout MS    timeout of one request (100..120000, default 5000)
  --header 'Name: value'
                  send this header on every request to the IDE's origin (repeatable), e.g. a session cookie
                  ('Cookie: _oauth2_proxy=...') or a bearer token ('Authorization: Bearer ...') to probe behind
                  an authenticating proxy; the values are never printed, nor put in the JSON

Exit codes: 0 all OK, 1 findings, 2 unreachable, 3 usage error.`;

function intOption(value: string | boolean | undefined, name: string, min: number, max: number): number | undefined {
    const parsed = parseNumberOption(value, { min, max, text: 'decimal' });
    if (parsed.status === 'absent') {
        return undefined;
    }
    if (parsed.status !== 'ok') {
        throw new UsageError(`--${name} must be a number from ${min} to ${max}, not "${value}"`);
    }
    return parsed.value;
}

/** The `--header` arguments; a bad one is a usage error that names it, never its value. */
function headerOptions(raw: unknown): ProbeHeader[] {
    const texts = Array.isArray(raw) ? raw.filter((t): t is string => typeof t === 'string') : [];
    return texts.map((text, i) => {
        try {
            return parseProbeHeader(text, i + 1);
        } catch (e) {
            throw new UsageError(e instanceof ProbeHeaderError ? e.message : `--header #${i + 1} is not valid`);
        }
    });
}

export const command: CliCommand = {
    name: 'probe',
    summary: 'diagnose the connection path (proxy, load balancer, affinity, WebSocket, timeouts) to an IDE URL',
    usage: USAGE,
    usageExitCode: 3,
    async run(args, io) {
        const { values, positionals } = parseCliArgs(args, {
            json: { type: 'boolean' },
            hold: { type: 'string' },
            requests: { type: 'string' },
            timeout: { type: 'string' },
            header: { type: 'string', multiple: true }
        });
        if (positionals.length !== 1) {
            throw new UsageError(positionals.length ? `expected one URL, got ${positionals.length} arguments` : 'missing <url>');
        }
        let url: string;
        try {
            url = normaliseBaseUrl(positionals[0]);
        } catch (e) {
            throw new UsageError(e instanceof Error ? e.message : String(e));
        }
        const holdSeconds = intOption(values.hold, 'hold', 1, 3600);
        const requests = intOption(values.requests, 'requests', 1, 1000);
        const timeoutMs = intOption(values.timeout, 'timeout', 100, 120000);
        const headers = headerOptions((values as Record<string, unknown>).header);
        const json = values.json === true;
        if (!json) {
            io.out(`Probing ${escapeControlCharacters(url)}\n`);
        }
        const result = await runProbe(url, new NodeProbeTransport({ headers }), {
            holdSeconds, requests: requests !== undefined ? Math.round(requests) : undefined, timeoutMs,
            onStep: json ? undefined : step => io.out(formatStep(step) + '\n')
        });
        if (json) {
            // Server strings (bodies, headers) are in the result: no control character reaches the terminal raw.
            io.out(escapeJsonControlCharacters(JSON.stringify({ ...result, exitCode: probeExitCode(result) }, undefined, 2)) + '\n');
        } else {
            io.out(`\nFindings (${result.durationMs} ms):\n`);
            for (const f of result.findings) {
                io.out(formatFinding(f) + '\n\n');
            }
        }
        return probeExitCode(result);
    }
};
