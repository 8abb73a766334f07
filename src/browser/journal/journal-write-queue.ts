// *****************************************************************************
// The journal's write chain: jobs run one after the other, in order (a later text never lands before an earlier
// one); a failed job is logged and the chain goes on. Counts the jobs not yet done (write-through needs to know).
// *****************************************************************************

export class JournalWriteQueue {
    protected chain: Promise<unknown> = Promise.resolve();
    /** Writes queued and not yet done. */
    protected pending = 0;

    /** `workspaceKey` resolves the current workspace's key before each job; `warn` logs a failed one. */
    constructor(protected readonly workspaceKey: () => Promise<string | undefined>, protected readonly warn: (message: string) => void) { }

    get queued(): number {
        return this.pending;
    }

    /** Resolves when every write queued so far is done. */
    idle(): Promise<void> {
        return this.chain.then(() => undefined, () => undefined);
    }

    /** A job on the write chain that needs no workspace key (it works across keys). */
    enqueueAny(job: () => Promise<void>): Promise<void> {
        const next = this.chain.then(job).catch(e => {
            this.warn(`session-health: journal sweep failed: ${e instanceof Error ? e.message : String(e)}`);
        }).finally(() => { this.pending--; });
        this.pending++;
        this.chain = next;
        return next;
    }

    /** A job of the current workspace: false without running it while the workspace has no key. */
    enqueue(job: (workspace: string) => Promise<boolean>): Promise<boolean> {
        const next = this.chain.then(async () => {
            const workspace = await this.workspaceKey();
            return workspace ? job(workspace) : false;
        }).catch(e => {
            this.warn(`session-health: journal write failed: ${e instanceof Error ? e.message : String(e)}`);
            return false;
        }).finally(() => { this.pending--; });
        this.pending++;
        this.chain = next;
        return next;
    }
}
