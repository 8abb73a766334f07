// *****************************************************************************
// The support bundle: names, limits and the envelope both sides write (browser download and
// `session-health bundle`). Field names are public contracts (docs/support-bundle.md), never renamed.
// *****************************************************************************

export const EXPORT_BUNDLE_COMMAND_ID = 'session-health.export-bundle';
/** GET: the server bundle as JSON (admin bearer token, SESSION_HEALTH_ADMIN_TOKEN). */
export const BUNDLE_ROUTE = '/session-health/bundle';

export const BUNDLE_FORMAT_VERSION = 1;
/** Largest bundle, serialized (UTF-8 bytes). */
export const MAX_BUNDLE_BYTES = 1024 * 1024;
/** Longest time a bundle may take to make. */
export const MAX_BUNDLE_MS = 3000;
/** How far back samples, timeline entries and record counts go. */
export const BUNDLE_WINDOW_MS = 24 * 60 * 60 * 1000;
/** The most round-trip samples a browser bundle keeps (newest first kept). */
export const MAX_BUNDLE_SAMPLES = 5000;
/** The most timeline entries a browser bundle keeps. */
export const MAX_BUNDLE_TIMELINE = 1000;

/** A list the bundle shortened: where, how many were kept and how many cut. */
export interface BundleCut {
    path: string;
    kept: number;
    dropped: number;
    why: string;
}

export interface SupportBundle {
    formatVersion: typeof BUNDLE_FORMAT_VERSION;
    /** `browser` (the command) or `server` (the CLI / the route). */
    side: 'browser' | 'server';
    /** ISO 8601. */
    createdAt: string;
    /** How long making the bundle took (ms), known before the final redaction pass. */
    durationMs: number;
    /** One entry per part: its data, or `{ error }` when that part failed (the others are still there). */
    parts: Record<string, unknown>;
    /** Lists that were shortened to stay within the limits. */
    cut: BundleCut[];
    /** What the redaction masked (counts by rule, never the values). */
    redaction: Record<string, number>;
}

export function bundleFileName(side: SupportBundle['side'], at: Date): string {
    return `session-health-${side}-bundle-${at.toISOString().replace(/[:.]/g, '-')}.json`;
}
