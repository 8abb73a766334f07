// *****************************************************************************
// A parser for /proc/<pid>/mountinfo (proc_pid_mountinfo(5)). Pure, never throws.
// *****************************************************************************

export interface MountInfoEntry {
    mountId: number;
    parentId: number;
    /** `major:minor` of the filesystem. */
    device: string;
    major: number;
    minor: number;
    /** The directory of the filesystem that forms the root of this mount (decoded). */
    root: string;
    /** The mount point relative to the process's root (decoded). */
    mountPoint: string;
    mountOptions: string[];
    /** Optional fields such as `shared:1`, `master:2`. */
    optionalFields: string[];
    fsType: string;
    /** Decoded mount source, e.g. `/dev/nvme1n1`, `overlay`, `server:/export`. */
    source: string;
    superOptions: string[];
    /** The line as read. */
    line: string;
}

export interface MountInfoParseResult {
    entries: MountInfoEntry[];
    /** Lines that could not be parsed, with the reason. */
    errors: { lineNumber: number; line: string; reason: string }[];
}

/** Decodes the kernel's octal escapes (`\040` space, `\011` tab, `\012` newline, `\134` backslash, ...). */
export function decodeMountInfoString(value: string): string {
    return value.indexOf('\\') < 0 ? value : value.replace(/\\([0-3][0-7]{2})/g, (_m, oct: string) => String.fromCharCode(parseInt(oct, 8)));
}

/** Parses one line; returns a reason string when the line is malformed. */
export function parseMountInfoLine(line: string): MountInfoEntry | string {
    const fields = line.split(' ');
    const separator = fields.indexOf('-', 6);
    if (fields.length < 10 || separator < 0 || fields.length < separator + 3) {
        return 'expected "<id> <parent> <major:minor> <root> <mount point> <options> [optional...] - <fstype> <source> <super options>"';
    }
    const mountId = Number(fields[0]);
    const parentId = Number(fields[1]);
    const device = fields[2];
    const dev = /^(\d+):(\d+)$/.exec(device);
    if (!Number.isInteger(mountId) || !Number.isInteger(parentId) || !dev) {
        return 'the mount id, parent id or major:minor field is not numeric';
    }
    return {
        mountId,
        parentId,
        device,
        major: Number(dev[1]),
        minor: Number(dev[2]),
        root: decodeMountInfoString(fields[3]),
        mountPoint: decodeMountInfoString(fields[4]),
        mountOptions: fields[5].split(','),
        optionalFields: fields.slice(6, separator),
        fsType: decodeMountInfoString(fields[separator + 1]),
        source: decodeMountInfoString(fields[separator + 2]),
        superOptions: (fields[separator + 3] ?? '').split(',').filter(o => o.length > 0),
        line
    };
}

export function parseMountInfo(text: string): MountInfoParseResult {
    const entries: MountInfoEntry[] = [];
    const errors: MountInfoParseResult['errors'] = [];
    const lines = typeof text === 'string' ? text.split('\n') : [];
    for (let i = 0; i < lines.length; i++) {
        const line = lines[i].replace(/\r$/, '');
        if (line.trim() === '') {
            continue;
        }
        const parsed = parseMountInfoLine(line);
        if (typeof parsed === 'string') {
            errors.push({ lineNumber: i + 1, line, reason: parsed });
        } else {
            entries.push(parsed);
        }
    }
    return { entries, errors };
}

/** True when `mountPoint` is `p` or one of its ancestors (both absolute, normalized POSIX paths). */
export function mountContains(mountPoint: string, p: string): boolean {
    if (mountPoint === '/') {
        return p.startsWith('/');
    }
    return p === mountPoint || p.startsWith(mountPoint.endsWith('/') ? mountPoint : mountPoint + '/');
}

/**
 * The mount that holds `p`: the longest mount point containing it; of several mounts on the same
 * mount point the last one (it is mounted over the others).
 */
export function findMount(entries: readonly MountInfoEntry[], p: string): MountInfoEntry | undefined {
    let best: MountInfoEntry | undefined;
    for (const entry of entries) {
        if (mountContains(entry.mountPoint, p) && (!best || entry.mountPoint.length >= best.mountPoint.length)) {
            best = entry;
        }
    }
    return best;
}
