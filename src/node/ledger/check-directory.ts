// *****************************************************************************
// The check's own directory below the workspace root: created segment by segment without following links,
// with a `.gitignore` (`*`) so it never ends up in a commit, and an identity file (a random id plus the
// directory's device, inode and birth time) that ties the ledger's markers to this very directory.
// *****************************************************************************

import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { IDENTITY_FILE_NAME } from '../../common/persistence/persistence-protocol';
import { CheckRefusal, errnoCode } from './check-errors';
import { DirectoryStamp, openVerified, readTail, stampDirectory, writeFileAtomically } from './safe-files';

const O = fs.constants;
export const GITIGNORE_FILE_NAME = '.gitignore';
const GITIGNORE_CONTENT = '*\n';
const MAX_IDENTITY_BYTES = 4096;

/** What this run created, so that a check that recorded nothing can leave the tree as it was. */
export interface CreatedPaths {
    directories: string[];
    files: string[];
}

/**
 * Creates the check's directory segment by segment below the root, refusing symlinks and non-directories.
 * A directory created now gets a `.gitignore` with `*`.
 */
export async function prepareDirectory(root: string, segments: string[], created: CreatedPaths): Promise<DirectoryStamp> {
    let current = root;
    let createdLast = false;
    for (const segment of segments) {
        current = path.join(current, segment);
        let stat: fs.Stats | undefined;
        try {
            stat = await fs.promises.lstat(current);
        } catch (e) {
            if (errnoCode(e) !== 'ENOENT') {
                throw e;
            }
        }
        createdLast = false;
        if (!stat) {
            try {
                await fs.promises.mkdir(current, { mode: 0o700 });
                created.directories.push(current);
                createdLast = true;
            } catch (e) {
                if (errnoCode(e) !== 'EEXIST') {
                    throw e;
                }
                // Another process (the CLI next to the IDE) created it a moment ago.
            }
            stat = await fs.promises.lstat(current);
        }
        if (stat.isSymbolicLink()) {
            throw new CheckRefusal(`${current} is a symbolic link; the check does not follow links out of its own directory`,
                `Remove the link ${current} (the check recreates its directory) or point sessionHealth.persistenceCheck.directory elsewhere.`);
        }
        if (!stat.isDirectory()) {
            throw new CheckRefusal(`${current} exists and is not a directory`, `Move ${current} away or set sessionHealth.persistenceCheck.directory to another place.`, 'ENOTDIR');
        }
    }
    const stamp = await stampDirectory(current);
    if (createdLast) {
        const file = path.join(current, GITIGNORE_FILE_NAME);
        const handle = await openVerified(file, O.O_WRONLY | O.O_CREAT | O.O_EXCL, stamp, 0o644);
        created.files.push(file);
        try {
            await handle.writeFile(GITIGNORE_CONTENT);
        } finally {
            await handle.close();
        }
    }
    return stamp;
}

interface IdentityFile {
    id: string;
    dev: string;
    ino: string;
    birthtimeNs: string;
    createdAt: string;
}

/** Same directory: same inode, and the same birth time where the file system records one, else the same device. */
function sameDirectory(recorded: IdentityFile, stamp: DirectoryStamp): boolean {
    if (recorded.ino !== String(stamp.ino)) {
        return false;
    }
    const birthKnown = recorded.birthtimeNs !== '0' && stamp.birthtimeNs !== 0n;
    return birthKnown ? recorded.birthtimeNs === String(stamp.birthtimeNs) : recorded.dev === String(stamp.dev);
}

/** The id of the check directory, when its identity file exists, is ours and describes this directory; undefined otherwise. */
export async function readIdentity(stamp: DirectoryStamp): Promise<string | undefined> {
    let text: string;
    try {
        const handle = await openVerified(path.join(stamp.path, IDENTITY_FILE_NAME), O.O_RDONLY, stamp);
        try {
            text = (await readTail(handle, MAX_IDENTITY_BYTES)).toString('utf8');
        } finally {
            await handle.close();
        }
    } catch {
        return undefined;
    }
    try {
        const v = JSON.parse(text) as Partial<IdentityFile>;
        const fields = [v.id, v.dev, v.ino, v.birthtimeNs];
        if (fields.every(f => typeof f === 'string') && /^[0-9a-f-]{36}$/.test(v.id!) && sameDirectory(v as IdentityFile, stamp)) {
            return v.id;
        }
    } catch {
        // not ours
    }
    return undefined;
}

/** Writes a new identity for the directory (temp file, fsync, atomic rename over whatever was there). Returns the id. */
export async function writeIdentity(stamp: DirectoryStamp, created: CreatedPaths): Promise<string> {
    const id = crypto.randomUUID();
    const content: IdentityFile = { id, dev: String(stamp.dev), ino: String(stamp.ino), birthtimeNs: String(stamp.birthtimeNs), createdAt: new Date().toISOString() };
    const file = path.join(stamp.path, IDENTITY_FILE_NAME);
    const existed = await fs.promises.lstat(file).then(() => true, () => false);
    await writeFileAtomically(stamp, IDENTITY_FILE_NAME, JSON.stringify(content) + '\n');
    if (!existed) {
        created.files.push(file);
    }
    return id;
}

/** Removes what this run created (files first, then directories, deepest first). Never throws. */
export async function removeCreated(created: CreatedPaths): Promise<void> {
    for (const f of created.files.splice(0).reverse()) {
        await fs.promises.unlink(f).catch(() => undefined);
    }
    for (const d of created.directories.splice(0).reverse()) {
        await fs.promises.rmdir(d).catch(() => undefined);
    }
}
