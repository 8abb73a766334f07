// *****************************************************************************
// A tiny promise wrapper around the browser's IndexedDB: one database, one object store of journal entries
// keyed by [workspace, kind, uri], with an index on the workspace.
// *****************************************************************************

import { injectable } from '@theia/core/shared/inversify';
import { JournalEntry, JournalKey } from './journal-entry';

export const JOURNAL_DB_NAME = 'session-health-journal';
export const JOURNAL_STORE = 'entries';
const WORKSPACE_INDEX = 'workspace';

export const JournalDb = Symbol('JournalDb');
export interface JournalDb {
    put(entry: JournalEntry): Promise<void>;
    delete(key: JournalKey): Promise<void>;
    /** Every entry of a workspace. */
    list(workspace: string): Promise<JournalEntry[]>;
    /** Deletes every entry of a workspace (or of one kind). */
    clear(workspace: string, kind?: JournalEntry['kind']): Promise<number>;
    /**
     * Walks every entry of every workspace key: deletes the ones `expired` says, and dates an entry from the future
     * (a clock that was ahead) `now`, so that it ages from here. Returns how many were deleted.
     */
    sweep(expired: (entry: JournalEntry) => boolean, now: number): Promise<number>;
    /**
     * Issues the write and its commit synchronously (for `pagehide`: nothing after this task may run).
     * False when the database is not open yet.
     */
    putNow(entry: JournalEntry): boolean;
}

function request<T>(req: IDBRequest<T>): Promise<T> {
    return new Promise((resolve, reject) => {
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
    });
}

function done(tx: IDBTransaction): Promise<void> {
    return new Promise((resolve, reject) => {
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
        tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
    });
}

@injectable()
export class DefaultJournalDb implements JournalDb {
    protected db: Promise<IDBDatabase> | undefined;
    protected opened: IDBDatabase | undefined;

    protected open(): Promise<IDBDatabase> {
        this.db ??= new Promise<IDBDatabase>((resolve, reject) => {
            const req = indexedDB.open(JOURNAL_DB_NAME, 1);
            req.onupgradeneeded = () => {
                const store = req.result.createObjectStore(JOURNAL_STORE, { keyPath: ['workspace', 'kind', 'uri'] });
                store.createIndex(WORKSPACE_INDEX, 'workspace');
            };
            req.onsuccess = () => {
                this.opened = req.result;
                resolve(req.result);
            };
            req.onerror = () => reject(req.error ?? new Error('IndexedDB could not be opened'));
            req.onblocked = () => reject(new Error('IndexedDB is blocked by another tab'));
        }).catch(e => {
            this.db = undefined;
            throw e;
        });
        return this.db;
    }

    async put(entry: JournalEntry): Promise<void> {
        const tx = (await this.open()).transaction(JOURNAL_STORE, 'readwrite');
        tx.objectStore(JOURNAL_STORE).put(entry);
        tx.commit?.();
        await done(tx);
    }

    putNow(entry: JournalEntry): boolean {
        if (!this.opened) {
            return false;
        }
        try {
            const tx = this.opened.transaction(JOURNAL_STORE, 'readwrite');
            tx.objectStore(JOURNAL_STORE).put(entry);
            // An explicit commit reaches the storage process at once, even if the page goes right after.
            tx.commit?.();
            return true;
        } catch {
            return false;
        }
    }

    async delete(key: JournalKey): Promise<void> {
        const tx = (await this.open()).transaction(JOURNAL_STORE, 'readwrite');
        tx.objectStore(JOURNAL_STORE).delete(key);
        await done(tx);
    }

    async list(workspace: string): Promise<JournalEntry[]> {
        const tx = (await this.open()).transaction(JOURNAL_STORE, 'readonly');
        return request(tx.objectStore(JOURNAL_STORE).index(WORKSPACE_INDEX).getAll(IDBKeyRange.only(workspace))) as Promise<JournalEntry[]>;
    }

    async sweep(expired: (entry: JournalEntry) => boolean, now: number): Promise<number> {
        const tx = (await this.open()).transaction(JOURNAL_STORE, 'readwrite');
        let deleted = 0;
        const cursors = tx.objectStore(JOURNAL_STORE).openCursor();
        cursors.onsuccess = () => {
            const cursor = cursors.result;
            if (!cursor) {
                return;
            }
            const entry = cursor.value as JournalEntry;
            if (expired(entry)) {
                cursor.delete();
                deleted++;
            } else if (entry.updatedAt > now) {
                cursor.update({ ...entry, updatedAt: now });
            }
            cursor.continue();
        };
        await done(tx);
        return deleted;
    }

    async clear(workspace: string, kind?: JournalEntry['kind']): Promise<number> {
        const entries = (await this.list(workspace)).filter(e => !kind || e.kind === kind);
        if (entries.length) {
            const tx = (await this.open()).transaction(JOURNAL_STORE, 'readwrite');
            const store = tx.objectStore(JOURNAL_STORE);
            for (const e of entries) {
                store.delete([e.workspace, e.kind, e.uri]);
            }
            await done(tx);
        }
        return entries.length;
    }
}
