// Helpers of the persistence-check tests: a recursive directory listing (to prove nothing is left behind)
// and the check run in this process with a fixed identity.
import * as fs from 'fs';
import * as path from 'path';
import { runPersistenceCheck } from '../../src/node/persistence/persistence-check';
import { PersistenceCheckRequest, PersistenceReport } from '../../src/common/persistence/persistence-protocol';

/** Every entry below `dir` as `relative/path (type size)`, sorted; links are listed, never followed. */
export function listTree(dir: string): string[] {
    const out: string[] = [];
    const walk = (d: string) => {
        for (const name of fs.readdirSync(d).sort()) {
            const p = path.join(d, name);
            const st = fs.lstatSync(p);
            const type = st.isSymbolicLink() ? `link->${fs.readlinkSync(p)}` : st.isDirectory() ? 'dir' : `file ${st.size}`;
            out.push(`${path.relative(dir, p)} (${type})`);
            if (st.isDirectory() && !st.isSymbolicLink()) {
                walk(p);
            }
        }
    };
    walk(dir);
    return out;
}

/**
 * Runs the check in this process as an IDE instance; the storage is declared persistent so the classification passes,
 * and the free-space floor is 1 MB (test filesystems are small) unless the request sets it.
 */
export function checkHere(request: PersistenceCheckRequest, instanceId = 'test-instance'): Promise<PersistenceReport> {
    return runPersistenceCheck({ minFreeMegabytes: 1, ...request }, {
        instance: { id: instanceId, hostname: 'test-host', startedAt: new Date().toISOString(), source: 'ide' },
        classifyOptions: { kubernetes: false, env: { SESSION_HEALTH_WORKSPACE_STORAGE: 'persistent' } }
    });
}

export function step(report: PersistenceReport, id: string): PersistenceReport['steps'][number] {
    const found = report.steps.find(s => s.id === id);
    if (!found) {
        throw new Error(`no step ${id} in ${JSON.stringify(report.steps.map(s => s.id))}`);
    }
    return found;
}
