// *****************************************************************************
// AUTH_COOKIE_SHORTER_THAN_SESSION: the sign-in cookie of an authenticating proxy in front of the IDE
// (oauth2-proxy: a sidecar of the IDE pod as in Theia Cloud, or the target of an ingress-nginx `auth-url`)
// expires before the IDE's idle timeout: a user who steps away for less than that, or keeps working, finds
// the IDE still running but signed out at the next reconnect.
// *****************************************************************************

import { finding } from './finding';
import { ManifestModel } from './manifest-model';
import { annotationsOf, containersOf, ContainerRef, Workload } from './manifest-workload';
import { LintRule } from './lint-rule';
import { LintFinding, YamlPath } from './lint-types';
import { VENDOR_DOCS } from './vendor-docs';
import { asArray, isMapping } from './yaml-access';
import { IDLE_TIMEOUT_ENV, THEIA_CLOUD_TIMEOUT_ENV } from '../../common/idle/idle-protocol';

/** oauth2-proxy's `--cookie-expire` default (168h). */
export const OAUTH2_PROXY_DEFAULT_COOKIE_EXPIRE_SECONDS = 168 * 3600;
export const OAUTH2_PROXY_COOKIE_EXPIRE_FLAG = '--cookie-expire';
export const OAUTH2_PROXY_COOKIE_EXPIRE_ENV = 'OAUTH2_PROXY_COOKIE_EXPIRE';
export const INGRESS_NGINX_AUTH_URL = 'nginx.ingress.kubernetes.io/auth-url';

const GO_DURATION_UNITS: Record<string, number> = { ns: 1e-9, us: 1e-6, 'µs': 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600 };

/** A Go duration (`168h0m0s`, `1h30m`, `90s`, `1.5h`, `0`) in seconds; undefined when it is not one. */
export function parseGoDuration(text: string): number | undefined {
    const t = text.trim();
    if (t === '0') {
        return 0;
    }
    if (!/^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/.test(t)) {
        return undefined;
    }
    let total = 0;
    for (const [, value, , unit] of t.matchAll(/(\d+(\.\d+)?)(ns|us|µs|ms|s|m|h)/g)) {
        total += Number(value) * GO_DURATION_UNITS[unit];
    }
    return total;
}

interface CookieLifetime {
    workload: Workload;
    container: ContainerRef;
    seconds: number;
    /** How it was set: `--cookie-expire=1h`, `OAUTH2_PROXY_COOKIE_EXPIRE=1h`, or the default. */
    source: string;
    path: YamlPath;
}

/** The cookie lifetime of an oauth2-proxy container (the last setting wins, like its flag parser). */
function cookieLifetime(workload: Workload, container: ContainerRef): CookieLifetime | undefined {
    if (!/oauth2-proxy|oauth2_proxy/i.test(`${container.name} ${String(container.body.image ?? '')}`)) {
        return undefined;
    }
    let found: CookieLifetime | undefined;
    const env = asArray(container.body.env);
    env.forEach((e, i) => {
        if (isMapping(e) && e.name === OAUTH2_PROXY_COOKIE_EXPIRE_ENV && typeof e.value === 'string') {
            const seconds = parseGoDuration(e.value);
            if (seconds !== undefined) {
                found = { workload, container, seconds, source: `${OAUTH2_PROXY_COOKIE_EXPIRE_ENV}=${e.value}`, path: [...container.path, 'env', i] };
            }
        }
    });
    // Flags override the environment.
    for (const key of ['command', 'args'] as const) {
        const list = asArray(container.body[key]).map(a => String(a));
        list.forEach((arg, i) => {
            const value = arg.startsWith(`${OAUTH2_PROXY_COOKIE_EXPIRE_FLAG}=`) ? arg.slice(OAUTH2_PROXY_COOKIE_EXPIRE_FLAG.length + 1)
                : arg === OAUTH2_PROXY_COOKIE_EXPIRE_FLAG ? list[i + 1] : undefined;
            const seconds = value === undefined ? undefined : parseGoDuration(value);
            if (seconds !== undefined) {
                found = { workload, container, seconds, source: `${OAUTH2_PROXY_COOKIE_EXPIRE_FLAG}=${value}`, path: [...container.path, key, i] };
            }
        });
    }
    return found ?? { workload, container, seconds: OAUTH2_PROXY_DEFAULT_COOKIE_EXPIRE_SECONDS, source: `${OAUTH2_PROXY_COOKIE_EXPIRE_FLAG} unset (default 168h)`, path: container.path };
}

/** The IDE's idle timeout from its container's environment (the variables the idle countdown reads). */
function ideTimeout(w: Workload): { seconds: number; source: string } | undefined {
    for (const e of asArray(w.ide?.body.env)) {
        if (!isMapping(e) || typeof e.value !== 'string' || !/^\d+$/.test(e.value.trim()) || Number(e.value) <= 0) {
            continue;
        }
        if (e.name === IDLE_TIMEOUT_ENV) {
            return { seconds: Number(e.value), source: `${IDLE_TIMEOUT_ENV}=${e.value}` };
        }
        if (e.name === THEIA_CLOUD_TIMEOUT_ENV) {
            return { seconds: Number(e.value) * 60, source: `${THEIA_CLOUD_TIMEOUT_ENV}=${e.value} (minutes)` };
        }
    }
    return undefined;
}

function duration(seconds: number): string {
    return seconds % 3600 === 0 ? `${seconds / 3600}h` : seconds % 60 === 0 ? `${seconds / 60}m` : `${seconds}s`;
}

/**
 * The oauth2-proxies in front of an IDE workload: sidecars in its pod, and the proxies an ingress-nginx Ingress
 * routing to it asks (`auth-url` naming the proxy's Service; the only oauth2-proxy of the input otherwise).
 */
function proxiesInFront(model: ManifestModel, ide: Workload, proxies: CookieLifetime[]): CookieLifetime[] {
    const sidecars = proxies.filter(p => p.workload === ide);
    const ideServices = model.servicesSelecting(ide);
    const authUrls = model.ingresses.filter(ing => model.ingressBackends(ing).some(b => {
        const s = model.findService(b.serviceName, ing.namespace, ing);
        return !!s && ideServices.includes(s);
    })).map(ing => annotationsOf(ing)[INGRESS_NGINX_AUTH_URL]).filter((u): u is string => !!u);
    const external = proxies.filter(p => p.workload !== ide);
    const viaIngress = authUrls.flatMap(url => {
        let host = '';
        try {
            host = new URL(url.replace(/\$\w+/g, 'x')).hostname;
        } catch { /* an unparsable URL names no Service */ }
        const named = external.filter(p => model.servicesSelecting(p.workload).some(s => host === s.name || host.startsWith(`${s.name}.`)));
        return named.length ? named : external.length === 1 ? external : [];
    });
    return [...new Set([...sidecars, ...viaIngress])];
}

export const authCookieRule: LintRule = {
    codes: ['AUTH_COOKIE_SHORTER_THAN_SESSION'],
    check(model: ManifestModel): LintFinding[] {
        const proxies = model.workloads.flatMap(w => containersOf(w).map(c => cookieLifetime(w, c)).filter((p): p is CookieLifetime => !!p));
        const findings: LintFinding[] = [];
        for (const ide of model.ideWorkloads) {
            const timeout = ideTimeout(ide);
            if (!timeout) {
                continue;
            }
            for (const p of proxiesInFront(model, ide, proxies).filter(x => x.seconds < timeout.seconds)) {
                findings.push(finding('AUTH_COOKIE_SHORTER_THAN_SESSION', 'warning', p.workload.resource, p.path,
                    `oauth2-proxy container "${p.container.name}" issues sign-in cookies that expire after ${duration(p.seconds)} (${p.source}), `
                    + `before the idle timeout of the IDE "${ide.resource.name}" (${duration(timeout.seconds)}, ${timeout.source}). `
                    + 'A user who steps away for less than the idle timeout, or simply keeps working, finds the IDE still running but signed out: '
                    + 'the next reconnect (a proxy reload, a network blip, a restart) is answered by the sign-in page. '
                    + '--cookie-refresh does not help an open IDE: it renews the cookie only on an HTTP request through the proxy, and an open WebSocket makes none.',
                    `Set ${OAUTH2_PROXY_COOKIE_EXPIRE_FLAG} to at least ${duration(timeout.seconds)} (a working day, e.g. 12h, is common) with --cookie-refresh below it (e.g. 1h), `
                    + `or lower the IDE's idle timeout (${timeout.source.split('=')[0]}) below the cookie lifetime. The identity provider's own session length must cover it too.`,
                    VENDOR_DOCS.oauth2ProxyCookies));
            }
        }
        return findings;
    }
};
