// Attribution of DevTools CPU profiles of our IDE's frontend to the bundle's modules (issue 28): esbuild's development
// bundle marks each module with a `// path` comment, so a sample's function start line names its module. Used by the
// idle and start-up tools (idle-profile.ts, startup-profile.ts) and the start-up bench (startup-cost.ts).

export interface ProfileNode { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }
export interface CpuProfile { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] }

/** Start lines of the modules of an esbuild development bundle (`// ../lib/browser/x.js`, `// node_modules/...`). */
export function moduleStarts(bundle: string): { line: number; module: string }[] {
    const starts: { line: number; module: string }[] = [];
    bundle.split('\n').forEach((text, i) => {
        const m = /^ {2}\/\/ (\S+\.(?:js|mjs|cjs|ts|css))$/.exec(text);
        if (m) {
            starts.push({ line: i, module: m[1] });
        }
    });
    return starts;
}

export function moduleAt(starts: { line: number; module: string }[], line: number): string {
    let lo = 0;
    let hi = starts.length - 1;
    let found = '(bundle prologue)';
    while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        if (starts[mid].line <= line) {
            found = starts[mid].module;
            lo = mid + 1;
        } else {
            hi = mid - 1;
        }
    }
    return found;
}

export function group(module: string): string {
    return /(^|\/)lib\/(browser|common)\//.test(module) && !module.includes('node_modules') ? 'ours'
        : module.includes('@theia/') ? 'theia' : module.startsWith('(') ? module : 'other libraries';
}

export interface Attribution { byGroup: Map<string, number>; byFunction: Map<string, number>; seconds: number }

/** Self time (ms) per group and per function of our modules. */
export function attribute(profile: CpuProfile, starts: { line: number; module: string }[], seconds: number): Attribution {
    const byId = new Map(profile.nodes.map(n => [n.id, n]));
    const byGroup = new Map<string, number>();
    const byFunction = new Map<string, number>();
    profile.samples.forEach((id, i) => {
        const f = byId.get(id)!.callFrame;
        const ms = (profile.timeDeltas[i] ?? 0) / 1000;
        let g: string;
        let module = '';
        if (f.url.endsWith('/bundle.js')) {
            module = moduleAt(starts, f.lineNumber);
            g = group(module);
        } else {
            g = f.url ? 'other scripts' : `(${f.functionName || 'native'})`;
        }
        byGroup.set(g, (byGroup.get(g) ?? 0) + ms);
        if (g === 'ours') {
            const key = `${f.functionName || '(anonymous)'}  ${module.replace(/^.*lib\//, '')}`;
            byFunction.set(key, (byFunction.get(key) ?? 0) + ms);
        }
    });
    return { byGroup, byFunction, seconds };
}

/** Self time (ms) per module of the bundle (Theia's and other libraries' too), `../` stripped. */
export function byModule(profile: CpuProfile, starts: { line: number; module: string }[]): Map<string, number> {
    const byId = new Map(profile.nodes.map(n => [n.id, n]));
    const out = new Map<string, number>();
    profile.samples.forEach((id, i) => {
        const f = byId.get(id)!.callFrame;
        if (f.url.endsWith('/bundle.js')) {
            const module = moduleAt(starts, f.lineNumber).replace(/^(\.\.\/)+/, '');
            out.set(module, (out.get(module) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
        }
    });
    return out;
}

/** The key of `underOurs`' total. */
export const UNDER_OURS_TOTAL = '(all of it)';

/**
 * What our code costs including what it calls: the self time of every sample with a frame of our modules on its stack,
 * keyed by the innermost such frame (`function  module`), and the total under UNDER_OURS_TOTAL. Requiring a module
 * compiles and runs its top level under the requiring frame, so a heavy library we import shows up under the function
 * that requires it. This errs against us: a Theia module that one of our modules happens to require first (our preload
 * modules load before most of Theia) is charged to us although stock evaluates it too.
 */
export function underOurs(profile: CpuProfile, starts: { line: number; module: string }[]): Map<string, number> {
    const byId = new Map(profile.nodes.map(n => [n.id, n]));
    const parent = new Map<number, number>();
    for (const n of profile.nodes) {
        for (const c of n.children ?? []) {
            parent.set(c, n.id);
        }
    }
    const ourFrame = new Map<number, string | undefined>();
    const frameOf = (id: number): string | undefined => {
        if (!ourFrame.has(id)) {
            const f = byId.get(id)!.callFrame;
            const module = f.url.endsWith('/bundle.js') ? moduleAt(starts, f.lineNumber) : '';
            ourFrame.set(id, group(module) === 'ours' ? `${f.functionName || '(anonymous)'}  ${module.replace(/^.*lib\//, '')}` : undefined);
        }
        return ourFrame.get(id);
    };
    const out = new Map<string, number>([[UNDER_OURS_TOTAL, 0]]);
    profile.samples.forEach((id, i) => {
        for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
            const key = frameOf(cur);
            if (key) {
                const ms = (profile.timeDeltas[i] ?? 0) / 1000;
                out.set(key, (out.get(key) ?? 0) + ms);
                out.set(UNDER_OURS_TOTAL, out.get(UNDER_OURS_TOTAL)! + ms);
                return;
            }
        }
    });
    return out;
}

interface TraceEvent { name: string; ph: string; ts: number; dur?: number; pid: number; tid: number; args?: { name?: string } }

/** The DevTools timeline's categories, for `browser.startTracing`. */
export const TRACE_CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'blink'];

/** Self time (ms) per trace event name on the renderer's main thread (the busiest `CrRendererMain`) of a trace. */
export function mainThreadSelfTimes(trace: Buffer): Map<string, number> {
    const events = (JSON.parse(trace.toString()) as { traceEvents: TraceEvent[] }).traceEvents;
    const mains = events.filter(e => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
    const count = (m: TraceEvent) => events.filter(e => e.pid === m.pid && e.tid === m.tid && e.ph === 'X').length;
    const main = mains.sort((a, b) => count(b) - count(a))[0];
    const spans = events.filter(e => e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && e.dur !== undefined)
        .sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
    const self = new Map<string, number>();
    const stack: { e: TraceEvent; end: number; child: number }[] = [];
    const close = (upTo: number) => {
        while (stack.length && stack[stack.length - 1].end <= upTo) {
            const top = stack.pop()!;
            self.set(top.e.name, (self.get(top.e.name) ?? 0) + (top.e.dur! - top.child) / 1000);
        }
    };
    for (const e of spans) {
        close(e.ts);
        if (stack.length) {
            stack[stack.length - 1].child += e.dur!;
        }
        stack.push({ e, end: e.ts + e.dur!, child: 0 });
    }
    close(Infinity);
    return self;
}
