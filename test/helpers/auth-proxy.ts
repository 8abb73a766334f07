// An authenticating proxy for tests, built like the field's: an auth service that behaves like oauth2-proxy
// (an http server in the test process) and a real nginx with `auth_request` in front of a backend port, the way
// ingress-nginx wires `nginx.ingress.kubernetes.io/auth-url` and `auth-signin` (or Theia Cloud's oauth2-proxy).
//
//   /oauth2/auth           202 with a valid cookie, 401 without (nginx asks it for every other request)
//   /oauth2/sign_in        the sign-in page (HTML, 200)
//   /oauth2/start?rd=/x    sets the cookie (lifetime `cookieLifetimeMs`) and redirects (302) to rd
//
// An unauthenticated request to the backend gets, by `style`: 'redirect' a 302 to /oauth2/start?rd=<request uri>
// (ingress-nginx auth-signin), 'unauthorized' the 401 of the auth request, 'sign-in-page' the sign-in page with
// status 200 (what a client that expects an engine.io handshake finds hardest).
import * as crypto from 'crypto';
import * as http from 'http';
import * as net from 'net';
import { RunningNginx, startNginx } from './probe-proxies';

export type AuthProxyStyle = 'redirect' | 'unauthorized' | 'sign-in-page';

export const AUTH_COOKIE_NAME = '_oauth2_proxy';

export interface AuthProxyOptions {
    /** The port of the protected backend (on 127.0.0.1). */
    backendPort: number;
    /** How an unauthenticated request is answered; default 'redirect'. */
    style?: AuthProxyStyle;
    /** Lifetime of an issued cookie (server-side validity and the cookie's Max-Age, rounded up to seconds); default 60 s. */
    cookieLifetimeMs?: number;
    /** Cookie name; default `_oauth2_proxy`. */
    cookieName?: string;
    /** Path prefixes passed to the backend without auth (oauth2-proxy `--skip-auth-route`), e.g. ['/health']. */
    publicPaths?: string[];
    /**
     * With true (default), /oauth2/start signs in only a browser's page navigation (`Sec-Fetch-Dest: document`) or a
     * client that sends no `Sec-Fetch-Dest` (Node's fetch, curl): a browser's XHR or fetch that follows the redirect
     * gets the sign-in page (200 HTML) instead, as a real identity provider on another origin cannot be passed by a
     * script. So a tab cannot sign itself in by polling.
     */
    signInNeedsNavigation?: boolean;
    /**
     * Added: with true, /oauth2/start signs in only a browser's page navigation (`Sec-Fetch-Dest: document`); every
     * other client (Node's fetch, curl, the probe) gets the sign-in page (200 HTML), as from a real identity provider
     * that needs a person. Default false.
     */
    signInNeedsBrowser?: boolean;
    /** Overrides the 302 target of the 'redirect' style (e.g. a sign-in page on another origin); `RD` is replaced by the encoded request uri. */
    redirectTarget?: string;
    /** nginx `worker_shutdown_timeout`, so that reload() closes open WebSockets soon; default '1s'. */
    workerShutdownTimeout?: string;
}

export interface AuthProxyStats {
    /** /oauth2/auth answers 202 / 401. */
    authAccepted: number;
    authRefused: number;
    /** Cookies issued by /oauth2/start (and issueCookie()). */
    signIns: number;
}

export interface RunningAuthProxy {
    /** nginx's port: the URL clients use. */
    port: number;
    /** `http://127.0.0.1:<port>/` */
    url: string;
    /** The auth service's own port (what nginx's auth_request calls). */
    authPort: number;
    cookieName: string;
    style: AuthProxyStyle;
    stats: AuthProxyStats;
    /** A fresh valid cookie as `name=value`, for a `Cookie:` header (as if signed in elsewhere). */
    issueCookie(): string;
    /** Whether `name=value` (or a whole Cookie header) carries a currently valid cookie. */
    isValid(cookieHeader: string | undefined): boolean;
    /** Changes the lifetime of cookies issued from now on. */
    setCookieLifetime(ms: number): void;
    /** Makes every cookie issued so far invalid (an expired IdP session, a rotated cookie secret). */
    expireCookies(): void;
    /** `nginx -s reload`: the old worker closes its connections after `workerShutdownTimeout`; clients reconnect. */
    reload(): void;
    /** nginx's and the auth service's output, for assertion messages. */
    output(): string;
    /** Stops nginx (whole process group, waited for) and the auth service; leaves no process behind. */
    stop(): Promise<void>;
}

function escapeHtml(s: string): string {
    return s.replace(/[&<>"']/g, c => `&#${c.charCodeAt(0)};`);
}

/** Like oauth2-proxy: only a local path is a valid redirect target. */
function safeRd(rd: string | null | undefined): string {
    return rd && rd.startsWith('/') && !rd.startsWith('//') && !rd.startsWith('/\\') ? rd : '/';
}

function cookieValue(header: string | undefined, name: string): string[] {
    if (!header) {
        return [];
    }
    return header.split(';').map(p => p.trim()).filter(p => p.startsWith(`${name}=`)).map(p => p.slice(name.length + 1));
}

function signInPage(rd: string): string {
    const start = `/oauth2/start?rd=${encodeURIComponent(rd)}`;
    return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Sign In</title></head>
<body><h1>Sign in</h1><p>You need to sign in to continue.</p>
<form method="GET" action="/oauth2/start"><input type="hidden" name="rd" value="${escapeHtml(rd)}">
<button type="submit" id="sign-in">Sign in with Test IdP</button></form>
<p><a href="${escapeHtml(start)}">Sign in</a></p></body></html>
`;
}

export async function startAuthProxy(options: AuthProxyOptions): Promise<RunningAuthProxy> {
    const style = options.style ?? 'redirect';
    const cookieName = options.cookieName ?? AUTH_COOKIE_NAME;
    let lifetimeMs = options.cookieLifetimeMs ?? 60000;
    const needsNavigation = options.signInNeedsNavigation ?? true;
    /** token -> expiry (epoch ms) */
    const tokens = new Map<string, number>();
    const stats: AuthProxyStats = { authAccepted: 0, authRefused: 0, signIns: 0 };
    let log = '';

    const issue = (): string => {
        const token = crypto.randomBytes(24).toString('base64url');
        tokens.set(token, Date.now() + lifetimeMs);
        stats.signIns++;
        return token;
    };
    const isValid = (header: string | undefined): boolean =>
        cookieValue(header, cookieName).some(t => (tokens.get(t) ?? 0) > Date.now());

    const service = http.createServer((req, res) => {
        const url = new URL(req.url ?? '/', 'http://auth.invalid');
        const html = (status: number, body: string) => {
            res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
            res.end(body);
        };
        // nginx passes the original request uri of the protected request (auth subrequest and the sign-in handoff).
        const original = safeRd(req.headers['x-original-uri'] as string | undefined);
        // A named location cannot proxy to a path, so the handoff comes with the original uri and this header.
        const handoff = req.headers['x-test-handoff'];
        switch (handoff ? `/_test/signin-${handoff}` : url.pathname) {
            case '/oauth2/auth':
                if (isValid(req.headers.cookie)) {
                    stats.authAccepted++;
                    res.writeHead(202).end();
                } else {
                    stats.authRefused++;
                    res.writeHead(401, { 'WWW-Authenticate': 'Bearer realm="test-idp"' }).end();
                }
                return;
            case '/oauth2/sign_in':
                return html(200, signInPage(safeRd(url.searchParams.get('rd'))));
            case '/oauth2/start': {
                const rd = safeRd(url.searchParams.get('rd'));
                const dest = req.headers['sec-fetch-dest'];
                if ((needsNavigation && dest !== undefined && dest !== 'document') || (options.signInNeedsBrowser && dest !== 'document')) {
                    return html(200, signInPage(rd));
                }
                const maxAge = Math.max(1, Math.ceil(lifetimeMs / 1000));
                res.writeHead(302, {
                    'Set-Cookie': `${cookieName}=${issue()}; Path=/; Max-Age=${maxAge}; HttpOnly; SameSite=Lax`,
                    'Location': rd,
                    'Cache-Control': 'no-store'
                });
                res.end();
                return;
            }
            // The handoff nginx makes for an unauthenticated request (error_page 401), by style.
            case '/_test/signin-redirect': {
                const target = options.redirectTarget
                    ? options.redirectTarget.replace(/RD/g, encodeURIComponent(original))
                    : `/oauth2/start?rd=${encodeURIComponent(original)}`;
                res.writeHead(302, { 'Location': target, 'Cache-Control': 'no-store' });
                res.end();
                return;
            }
            case '/_test/signin-page':
                return html(200, signInPage(original));
            default:
                html(404, '<!DOCTYPE html><html><body>404 page not found</body></html>');
        }
    });
    // Keep-alive sockets from nginx would hold close() open.
    const sockets = new Set<net.Socket>();
    service.on('connection', s => { sockets.add(s); s.once('close', () => sockets.delete(s)); });
    service.on('clientError', (e, s) => { log += `auth service: ${e.message}\n`; s.destroy(); });
    const authPort = await new Promise<number>((resolve, reject) => {
        service.once('error', reject);
        service.listen(0, '127.0.0.1', () => resolve((service.address() as net.AddressInfo).port));
    });
    const stopService = () => new Promise<void>(resolve => {
        sockets.forEach(s => s.destroy());
        service.close(() => resolve());
    });

    const backend = `http://127.0.0.1:${options.backendPort}`;
    const auth = `http://127.0.0.1:${authPort}`;
    const proxyToBackend = `proxy_pass ${backend};
            proxy_http_version 1.1;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection $connection_upgrade;
            proxy_set_header Host $http_host;
            proxy_buffering off;
            proxy_read_timeout 3600s;
            proxy_send_timeout 3600s;`;
    const onUnauthenticated = style === 'unauthorized' ? ''
        : `error_page 401 = ${style === 'redirect' ? '@signin_redirect' : '@signin_page'};`;
    const publicLocations = (options.publicPaths ?? []).map(p => `
        location ^~ ${p} {
            ${proxyToBackend}
        }`).join('');
    // The two sign-in hand-offs differ only in the header that tells the auth server which one it is.
    const signinLocation = (handoff: 'redirect' | 'page') => `
        location @signin_${handoff} {
            proxy_pass ${auth};
            proxy_pass_request_body off;
            proxy_set_header Content-Length "";
            proxy_set_header X-Test-Handoff ${handoff};
            proxy_set_header X-Original-URI $request_uri;
        }`;
    let nginx: RunningNginx;
    try {
        nginx = await startNginx(`
    server {
        listen 127.0.0.1:PORT;
        location = /_test/auth {
            internal;
            proxy_pass ${auth}/oauth2/auth;
            proxy_pass_request_body off;
            proxy_set_header Content-Length "";
            proxy_set_header X-Original-URI $request_uri;
            proxy_set_header Host $http_host;
        }
${signinLocation('redirect')}${signinLocation('page')}
        location /oauth2/ {
            proxy_pass ${auth};
            proxy_set_header Host $http_host;
        }${publicLocations}
        location / {
            auth_request /_test/auth;
            ${onUnauthenticated}
            ${proxyToBackend}
        }
    }`, { main: `worker_shutdown_timeout ${options.workerShutdownTimeout ?? '1s'};` });
    } catch (e) {
        await stopService();
        throw e;
    }

    return {
        port: nginx.port,
        url: nginx.url,
        authPort,
        cookieName,
        style,
        stats,
        issueCookie: () => `${cookieName}=${issue()}`,
        isValid,
        setCookieLifetime: ms => { lifetimeMs = ms; },
        expireCookies: () => tokens.clear(),
        reload: () => nginx.reload(),
        output: () => `${nginx.output()}\n${log}`,
        stop: async () => {
            await Promise.all([nginx.stop(), stopService()]);
        }
    };
}
