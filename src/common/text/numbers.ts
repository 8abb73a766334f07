// *****************************************************************************
// Numbers and counts for people: one decimal, byte sizes in binary units, English plurals. One convention
// everywhere (UI, CLI, docs): sizes are binary (KiB, MiB, GiB), as Kubernetes writes limits and our settings are given.
// *****************************************************************************

export function round1(n: number): number {
    return Math.round(n * 10) / 10;
}

/** `3 files`, `1 file`: for the plain-English texts the CLI and the logs print. */
export function plural(n: number, word: string): string {
    return `${n} ${word}${n === 1 ? '' : 's'}`;
}

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

/** Bytes in binary units with at most one decimal: 512 → "512 B", 1536 → "1.5 KiB", 4294967296 → "4 GiB". */
export function formatBytes(bytes: number): string {
    let value = bytes;
    let unit = 0;
    while (value >= 1024 && unit < UNITS.length - 1) {
        value /= 1024;
        unit++;
    }
    // 1023.96 KiB rounds to 1024 KiB: say 1 MiB instead.
    if (round1(value) >= 1024 && unit < UNITS.length - 1) {
        value /= 1024;
        unit++;
    }
    return `${round1(value)} ${UNITS[unit]}`;
}
