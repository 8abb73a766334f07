// *****************************************************************************
// The probe's cookie jar: cookies are kept per host and sent back only to the host that set them
// (host-only, like a browser without a Domain attribute), Secure ones only over https/wss. A redirect
// to another host therefore never carries the IDE's connection token.
// *****************************************************************************

interface StoredCookie {
    value: string;
    secure: boolean;
}

export class ProbeCookieJar {
    protected readonly hosts = new Map<string, Map<string, StoredCookie>>();

    protected hostOf(url: string): string {
        return new URL(url).hostname.toLowerCase();
    }

    /** Stores the `Set-Cookie` lines of a response to `url`. */
    store(url: string, setCookies: string[]): void {
        const host = this.hostOf(url);
        let jar = this.hosts.get(host);
        for (const line of setCookies) {
            const [pair, ...attributes] = line.split(';');
            const eq = pair.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            const name = pair.slice(0, eq).trim();
            const value = pair.slice(eq + 1).trim();
            const secure = attributes.some(a => a.trim().toLowerCase() === 'secure');
            const expired = attributes.some(a => /^\s*max-age\s*=\s*(0|-\d+)\s*$/i.test(a));
            if (!jar) {
                jar = new Map();
                this.hosts.set(host, jar);
            }
            if (expired) {
                jar.delete(name);
            } else {
                jar.set(name, { value, secure });
            }
        }
    }

    /** The `Cookie` header for a request to `url`, or undefined when the jar holds none for its host. */
    header(url: string): string | undefined {
        const u = new URL(url);
        const secureChannel = u.protocol === 'https:' || u.protocol === 'wss:';
        const jar = this.hosts.get(u.hostname.toLowerCase());
        const pairs = jar ? [...jar].filter(([, c]) => secureChannel || !c.secure).map(([k, c]) => `${k}=${c.value}`) : [];
        return pairs.length ? pairs.join('; ') : undefined;
    }

    /** Whether a cookie with this name is held for `url`'s host (any host when no URL is given). */
    has(name: string, url?: string): boolean {
        if (url) {
            return !!this.hosts.get(this.hostOf(url))?.has(name);
        }
        return [...this.hosts.values()].some(jar => jar.has(name));
    }
}
