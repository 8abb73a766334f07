// *****************************************************************************
// Request validation of the persistence check (RPC and HTTP body, CLI flags): the cleaned request,
// the check directory setting as segments below the root, the free-space thresholds. Pure, no I/O.
// *****************************************************************************

import { isObject } from '@theia/core/lib/common/types';
import { parseNumberOption } from '../../common/shared/number-option';
import {
    DEFAULT_MIN_FREE_MEGABYTES, DEFAULT_MIN_FREE_PERCENT, DEFAULT_PERSISTENCE_DIRECTORY, PersistenceCheckRequest, RememberedMarker
} from '../../common/persistence/persistence-protocol';

/** A marker nonce or instance id as accepted from callers. */
export const MARKER_FIELD_PATTERN = /^[A-Za-z0-9:._@+-]{1,200}$/;

function isRecord(v: unknown): v is Record<string, unknown> {
    return isObject(v) && !Array.isArray(v);
}

/** Checks an untrusted request; returns the cleaned request or a plain reason. */
export function validateCheckRequest(body: unknown): { request: PersistenceCheckRequest } | { error: string } {
    if (!isRecord(body)) {
        return { error: 'The body must be a JSON object like {"path": "/home/project"}' };
    }
    const known = new Set(['path', 'rememberedMarker', 'directory', 'minFreePercent', 'minFreeMegabytes']);
    const unknown = Object.keys(body).filter(k => !known.has(k));
    if (unknown.length) {
        return { error: `Unknown field(s): ${unknown.slice(0, 5).map(k => JSON.stringify(k.slice(0, 50))).join(', ')}` };
    }
    const p = body.path;
    if (typeof p !== 'string' || p.trim() === '') {
        return { error: 'path: required, the workspace root as an absolute path or a file:// URI' };
    }
    if (p.length > 4096 || p.includes('\0')) {
        return { error: 'path: too long or contains a NUL character' };
    }
    if (!p.startsWith('/') && !p.startsWith('file:')) {
        return { error: `path: must be absolute or a file:// URI, got ${JSON.stringify(p.slice(0, 200))}` };
    }
    const request: PersistenceCheckRequest = { path: p };
    if (body.directory !== undefined) {
        if (typeof body.directory !== 'string') {
            return { error: 'directory: must be a string (relative to the workspace root)' };
        }
        const dir = checkDirectorySetting(body.directory);
        if ('error' in dir) {
            return { error: `directory: ${dir.error}` };
        }
        request.directory = body.directory;
    }
    for (const [key, max] of [['minFreePercent', 100], ['minFreeMegabytes', 1e9]] as const) {
        const v = body[key];
        if (v !== undefined) {
            const parsed = parseNumberOption(v, { min: 0, max, text: 'none' });
            if (parsed.status !== 'ok') {
                return { error: `${key}: must be a number in 0..${max}` };
            }
            request[key] = parsed.value;
        }
    }
    if (body.rememberedMarker !== undefined && body.rememberedMarker !== null) {
        const m = body.rememberedMarker;
        if (!isRecord(m) || typeof m.nonce !== 'string' || !MARKER_FIELD_PATTERN.test(m.nonce)) {
            return { error: 'rememberedMarker: must be {"nonce": "<marker nonce>", "time"?: "...", "instanceId"?: "..."}' };
        }
        const marker: RememberedMarker = { nonce: m.nonce };
        if (typeof m.time === 'string' && !Number.isNaN(Date.parse(m.time))) {
            marker.time = new Date(Date.parse(m.time)).toISOString();
        }
        if (typeof m.instanceId === 'string' && MARKER_FIELD_PATTERN.test(m.instanceId)) {
            marker.instanceId = m.instanceId;
        }
        request.rememberedMarker = marker;
    }
    return { request };
}

/** The directory setting as path segments below the root; never absolute, never `..`. */
export function checkDirectorySetting(setting: string | undefined): { segments: string[] } | { error: string } {
    const value = (setting ?? '').trim() || DEFAULT_PERSISTENCE_DIRECTORY;
    if (value.includes('\0') || value.length > 1000) {
        return { error: 'contains a NUL character or is too long' };
    }
    if (value.startsWith('/') || /^[A-Za-z]:[\\/]/.test(value) || value.startsWith('\\')) {
        return { error: `must be relative to the workspace root, got ${JSON.stringify(value)}` };
    }
    const segments = value.split(/[\\/]+/).filter(s => s !== '' && s !== '.');
    if (segments.some(s => s === '..')) {
        return { error: `must stay inside the workspace root (no ".."), got ${JSON.stringify(value)}` };
    }
    if (segments.length === 0) {
        return { error: 'must name a directory below the workspace root, not the root itself' };
    }
    return { segments };
}

export function thresholds(request: Pick<PersistenceCheckRequest, 'minFreePercent' | 'minFreeMegabytes'>): { minFreePercent: number; minFreeMegabytes: number } {
    const num = (v: unknown, d: number) => {
        const parsed = parseNumberOption(v, { min: 0, max: Number.MAX_VALUE, text: 'none' });
        return parsed.status === 'ok' ? parsed.value : d;
    };
    return { minFreePercent: num(request.minFreePercent, DEFAULT_MIN_FREE_PERCENT), minFreeMegabytes: num(request.minFreeMegabytes, DEFAULT_MIN_FREE_MEGABYTES) };
}
