// *****************************************************************************
// Errors of the persistence check and their plain explanations: file system error codes in plain words
// with a fix, refusals of the check itself (a link, a FIFO, a foreign file), and a lock held too long.
// *****************************************************************************

export function errnoCode(e: unknown): string | undefined {
    const code = (e as NodeJS.ErrnoException | undefined)?.code;
    return typeof code === 'string' ? code : undefined;
}

/** A refusal of the check itself (symlink, not a directory, not a regular file): a failed step with this reason. */
export class CheckRefusal extends Error {
    constructor(message: string, readonly remediation: string, readonly code = 'ELOOP') {
        super(message);
    }
}

/** Another check held the lock for longer than the caller wanted to wait. */
export class LockTimeoutError extends Error { }

/** `what` failed, in plain words, with the error code kept for admins. */
export function plainFsReason(e: unknown, what: string): string {
    const code = errnoCode(e);
    switch (code) {
        case 'EROFS': return `${what} failed: the file system is read-only (EROFS).`;
        case 'ENOSPC': return `${what} failed: the disk is full (ENOSPC).`;
        case 'EDQUOT': return `${what} failed: the disk quota is used up (EDQUOT).`;
        case 'EACCES':
        case 'EPERM': return `${what} failed: permission denied (${code}); the IDE's user may not write there.`;
        case 'ENOENT': return `${what} failed: the path does not exist (ENOENT).`;
        case 'ENOTDIR': return `${what} failed: a part of the path is not a directory (ENOTDIR).`;
        case 'ELOOP': return `${what} failed: the path is a symbolic link, which the check refuses to follow (ELOOP).`;
        case 'EIO': return `${what} failed: input/output error (EIO); the disk or network storage is failing.`;
        default: return `${what} failed: ${e instanceof Error ? e.message : String(e)}`;
    }
}

export function fsRemediation(e: unknown): string {
    switch (errnoCode(e)) {
        case 'EROFS': return 'Mount the workspace volume read-write (check `readOnly` in the pod\'s volumeMounts and the PersistentVolume\'s access mode).';
        case 'ENOSPC':
        case 'EDQUOT': return 'Free space in the workspace or grow the volume (raise the PersistentVolumeClaim\'s storage request if the storage class allows expansion).';
        case 'EACCES':
        case 'EPERM': return 'Give the IDE\'s user write access to the workspace (pod securityContext.fsGroup, or chown/chmod the directory).';
        case 'ELOOP': return 'Remove the symbolic link; the check writes only into a real directory inside the workspace.';
        case 'ENOENT':
        case 'ENOTDIR': return 'Open an existing workspace folder, or create it (check the volume is mounted where the IDE expects it).';
        default: return 'Check the volume that holds the workspace (kubectl describe pod, dmesg on the node).';
    }
}

/** Why `what` did not work and what to do, for any error a step can meet. */
export function explainError(e: unknown, what: string): { reason: string; remediation: string } {
    if (e instanceof CheckRefusal) {
        return { reason: `${what} refused: ${e.message}`, remediation: e.remediation };
    }
    if (e instanceof LockTimeoutError) {
        return { reason: `${what} not run: ${e.message}`, remediation: 'Wait for the other check to finish, or remove the lock file if no check is running.' };
    }
    return { reason: plainFsReason(e, what), remediation: fsRemediation(e) };
}
