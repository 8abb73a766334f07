// *****************************************************************************
// Writes journal entries of the current workspace one after the other (in order), within the caps:
// a file larger than the per-file cap is not kept, and when the workspace cap is reached the oldest
// entries are dropped first. Both are announced (onDidNotKeep) so the user is told. The order of the writes is
// journal-write-queue.ts's.
// *****************************************************************************

import { inject, injectable } from '@theia/core/shared/inversify';
import { Emitter } from '@theia/core/lib/common/event';
import { ILogger } from '@theia/core/lib/common/logger';
import { JournalDb } from './journal-db';
import { JournalIdentity } from './journal-identity';
import { unknownIdentityKeys } from './journal-keys';
import { CapMeta, DEFAULT_MAX_FILE_BYTES, DEFAULT_MAX_WORKSPACE_BYTES, isExpired, maxAgeMs, planCaps } from './journal-caps';
import { utf8Length } from '../../common/text/utf8';
import { JournalBase, JournalEntry, JournalKind, keyString } from './journal-entry';
import { clampCap, JournalPreferences, JOURNAL_MAX_AGE_DAYS, JOURNAL_MAX_FILE_BYTES, JOURNAL_MAX_WORKSPACE_BYTES } from './journal-preferences';
import { NotKept } from './unsaved-work-journal';
import { JournalWriteQueue } from './journal-write-queue';

@injectable()
export class JournalWriter {
    @inject(JournalDb) protected readonly db: JournalDb;
    @inject(JournalIdentity) protected readonly identity: JournalIdentity;
    @inject(JournalPreferences) protected readonly preferences: JournalPreferences;
    @inject(ILogger) protected readonly logger: ILogger;

    protected readonly onDidChangeEmitter = new Emitter<void>();
    readonly onDidChange = this.onDidChangeEmitter.event;
    protected readonly onDidNotKeepEmitter = new Emitter<NotKept>();
    readonly onDidNotKeep = this.onDidNotKeepEmitter.event;

    /** Sizes of the current workspace's entries, loaded once. */
    protected metas: Promise<Map<string, CapMeta>> | undefined;
    /** The same, once loaded, and the workspace key once known: the synchronous path needs both. */
    protected loadedMetas: Map<string, CapMeta> | undefined;
    protected knownWorkspace: string | undefined;
    protected readonly queue = new JournalWriteQueue(() => this.workspaceKey(), message => this.logger.warn(message));
    /** Files already reported as too large (told once per session, not on every keystroke). */
    protected readonly toldTooLarge = new Set<string>();

    /** The user said entries of an unknown identity belong here: this session shows them. */
    protected acceptedUnknown = false;

    async workspaceKey(): Promise<string | undefined> {
        this.knownWorkspace = (await this.identity.resolve())?.key;
        return this.knownWorkspace;
    }

    /**
     * For `pagehide` and friends: writes the text in this very task, bypassing the queue (whose earlier writes may
     * still wait for IndexedDB events that never come once the page is gone). False when it cannot: the caller
     * then queues the write as usual.
     */
    keepUnsavedNow(uri: string, text: string, base: JournalBase | undefined): boolean {
        const workspace = this.knownWorkspace;
        const metas = this.loadedMetas;
        if (!workspace || !metas) {
            return false;
        }
        const entry: JournalEntry = { workspace, kind: 'unsaved', uri, text, size: utf8Length(text), base, updatedAt: Date.now() };
        const meta: CapMeta = { key: keyString(entry), uri, size: entry.size, updatedAt: entry.updatedAt };
        const plan = planCaps([...metas.values()], meta, this.caps());
        if (plan.tooLarge || plan.drop.length || !this.db.putNow(entry)) {
            return false;
        }
        metas.set(meta.key, meta);
        return true;
    }

    /** Opens the database and loads the workspace's entry sizes now, so that the first keystroke is written at once. */
    prepare(): Promise<boolean> {
        return this.enqueue(async workspace => !!await this.loadMetas(workspace));
    }

    /**
     * keepUnsavedNow, and when older writes are still queued (they may complete after it, as long as the page
     * lives on), the same text queued after them: the queue ends with this text.
     */
    keepUnsavedThrough(uri: string, text: string, base: JournalBase | undefined): boolean {
        if (!this.keepUnsavedNow(uri, text, base)) {
            return false;
        }
        if (this.queue.queued > 0) {
            this.keepUnsaved(uri, text, base);
        }
        return true;
    }

    protected caps(): { maxFileBytes: number; maxWorkspaceBytes: number } {
        return {
            maxFileBytes: clampCap(this.preferences[JOURNAL_MAX_FILE_BYTES], DEFAULT_MAX_FILE_BYTES),
            maxWorkspaceBytes: clampCap(this.preferences[JOURNAL_MAX_WORKSPACE_BYTES], DEFAULT_MAX_WORKSPACE_BYTES)
        };
    }

    /** Resolves when every write queued so far is done. */
    idle(): Promise<void> {
        return this.queue.idle();
    }

    /** This workspace's entries; none while its identity is unknown, unless the user accepted them. */
    async entries(): Promise<JournalEntry[]> {
        await this.idle();
        const identity = await this.identity.resolve();
        return identity && (identity.known || this.acceptedUnknown) ? this.unexpired(await this.db.list(identity.key)) : [];
    }

    /**
     * Deletes every entry past `sessionHealth.journal.maxAgeDays` under any key (other IDEs of this origin, session
     * URLs never opened again, the old key format), unsaved text and saved copies alike. Run at every start.
     */
    sweepExpired(): Promise<number> {
        let deleted = 0;
        return this.enqueueAny(async () => {
            const now = Date.now();
            const maxAge = maxAgeMs(this.preferences[JOURNAL_MAX_AGE_DAYS]);
            deleted = await this.db.sweep(e => isExpired(e, now, maxAge), now);
            if (deleted) {
                this.metas = undefined;
                this.loadedMetas = undefined;
                this.onDidChangeEmitter.fire();
            }
        }).then(() => deleted);
    }

    /** Entries past `sessionHealth.journal.maxAgeDays` (unsaved text and saved copies alike) are deleted, never offered. */
    protected async unexpired(entries: JournalEntry[]): Promise<JournalEntry[]> {
        const now = Date.now();
        const maxAge = maxAgeMs(this.preferences[JOURNAL_MAX_AGE_DAYS]);
        const expired = entries.filter(e => isExpired(e, now, maxAge));
        for (const e of expired) {
            await this.delete(e);
        }
        return entries.filter(e => !expired.includes(e));
    }

    /** Entries at this workspace's root whose workspace cannot be told (old key format, or written while unknown). */
    async unknownEntries(): Promise<JournalEntry[]> {
        await this.idle();
        const identity = await this.identity.resolve();
        if (!identity) {
            return [];
        }
        const keys = unknownIdentityKeys(identity.root, identity.page).filter(k => k !== identity.key || !this.acceptedUnknown);
        return this.unexpired((await Promise.all(keys.map(k => this.db.list(k)))).flat());
    }

    /** Moves entries of an unknown identity under this workspace's key (the user said they belong here). */
    adopt(entries: readonly JournalEntry[]): Promise<number> {
        let count = 0;
        return this.enqueue(async workspace => {
            this.acceptedUnknown ||= !(await this.identity.resolve())?.known;
            for (const e of entries.filter(x => x.workspace !== workspace)) {
                // A newer entry of the same file under this workspace's key wins.
                if (!(await this.db.list(workspace)).some(x => x.kind === e.kind && x.uri === e.uri && x.updatedAt >= e.updatedAt)) {
                    await this.db.put({ ...e, workspace });
                }
                await this.db.delete([e.workspace, e.kind, e.uri]);
                count++;
            }
            this.metas = undefined;
            this.loadedMetas = undefined;
            await this.loadMetas(workspace);
            this.onDidChangeEmitter.fire();
            return true;
        }).then(() => count);
    }

    keepUnsaved(uri: string, text: string, base: JournalBase | undefined): Promise<boolean> {
        return this.enqueue(workspace => this.put({ workspace, kind: 'unsaved', uri, text, size: utf8Length(text), base, updatedAt: Date.now() }));
    }

    keepSaved(uri: string, bytes: Uint8Array, base: JournalBase): Promise<boolean> {
        const copy = bytes.slice();
        return this.enqueue(workspace => this.put({ workspace, kind: 'saved', uri, bytes: copy, size: copy.length, base, updatedAt: Date.now() }));
    }

    delete(entry: { workspace?: string; kind: JournalKind; uri: string }): Promise<void> {
        return this.enqueue(async workspace => {
            const ws = entry.workspace ?? workspace;
            await this.db.delete([ws, entry.kind, entry.uri]);
            if (ws === workspace) {
                (await this.loadMetas(workspace)).delete(keyString(entry));
            }
            this.onDidChangeEmitter.fire();
            return true;
        }).then(() => undefined);
    }

    /** Deletes every entry of the current workspace (or of one kind). */
    clear(kind?: JournalKind): Promise<number> {
        let count = 0;
        return this.enqueue(async workspace => {
            count = await this.db.clear(workspace, kind);
            this.metas = undefined;
            this.loadedMetas = undefined;
            this.onDidChangeEmitter.fire();
            return true;
        }).then(() => count);
    }

    protected enqueueAny(job: () => Promise<void>): Promise<void> {
        return this.queue.enqueueAny(job);
    }

    protected enqueue(job: (workspace: string) => Promise<boolean>): Promise<boolean> {
        return this.queue.enqueue(job);
    }

    protected loadMetas(workspace: string): Promise<Map<string, CapMeta>> {
        this.metas ??= this.db.list(workspace).then(entries =>
            this.loadedMetas = new Map(entries.map(e => [keyString(e), { key: keyString(e), uri: e.uri, size: e.size, updatedAt: e.updatedAt }])));
        this.metas.catch(() => this.metas = undefined);
        return this.metas;
    }

    protected async put(entry: JournalEntry): Promise<boolean> {
        const metas = await this.loadMetas(entry.workspace);
        const meta: CapMeta = { key: keyString(entry), uri: entry.uri, size: entry.size, updatedAt: entry.updatedAt };
        const plan = planCaps([...metas.values()], meta, this.caps());
        if (plan.tooLarge) {
            // An older, smaller version of this file must not pass for the current text.
            if (metas.delete(meta.key)) {
                await this.db.delete([entry.workspace, entry.kind, entry.uri]);
                this.onDidChangeEmitter.fire();
            }
            if (!this.toldTooLarge.has(meta.key)) {
                this.toldTooLarge.add(meta.key);
                this.onDidNotKeepEmitter.fire({ uris: [entry.uri], reason: 'too-large' });
            }
            return false;
        }
        this.toldTooLarge.delete(meta.key);
        for (const dropped of plan.drop) {
            const [kind, ...rest] = dropped.key.split(' ');
            await this.db.delete([entry.workspace, kind, rest.join(' ')]);
            metas.delete(dropped.key);
        }
        await this.db.put(entry);
        metas.set(meta.key, meta);
        if (plan.drop.length) {
            this.onDidNotKeepEmitter.fire({ uris: plan.drop.map(d => d.uri), reason: 'workspace-full' });
        }
        this.onDidChangeEmitter.fire();
        return true;
    }
}
