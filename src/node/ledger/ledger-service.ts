// *****************************************************************************
// The ledgers' file access as one bound service: the workspace roots, the check directory and its identity, the
// marker and lifecycle ledger reads and appends, atomic rewrites (no links followed). The functions in this folder
// stay the implementation; DI-managed capabilities inject this so an adopter can rebind it for all of them.
// *****************************************************************************

import { injectable } from '@theia/core/shared/inversify';
import type { LedgerEntry } from '../../common/persistence/persistence-protocol';
import { CreatedPaths, prepareDirectory, readIdentity } from './check-directory';
import type { LedgerFileTimes } from './ledger-codec';
import { appendLedgerLine, readLedger, readLedgerText } from './ledger-store';
import { DirectoryStamp, stampDirectory, writeFileAtomically } from './safe-files';
import { refuseOutsideRoots, resolveExisting, workspaceRoots } from './workspace-roots';

export const LedgerService = Symbol('LedgerService');
export interface LedgerService {
    /** The local roots of a workspace URI (a `.theia-workspace` file's folders), links resolved. */
    workspaceRoots(workspaceUri: string | undefined): Promise<string[]>;
    /** A path with its links resolved (the nearest existing ancestor's, for a path not yet there). */
    resolveExisting(p: string): Promise<string>;
    /** Undefined when `requestPath` is inside one of `roots` (links resolved), else the refusal in plain words. */
    refuseOutsideRoots(requestPath: string, roots: readonly string[]): Promise<string | undefined>;
    /** The check directory below `root` (made when missing, with its `.gitignore`), stamped. */
    prepareDirectory(root: string, segments: string[], created: CreatedPaths): Promise<DirectoryStamp>;
    /** An existing directory, stamped (refused when it is a link). */
    stampDirectory(dir: string): Promise<DirectoryStamp>;
    /** The check directory's identity, when it has one. */
    readIdentity(stamp: DirectoryStamp): Promise<string | undefined>;
    /** The marker ledger's entries. */
    readLedger(stamp: DirectoryStamp, file: string): Promise<{ entries: LedgerEntry[]; unreadable: number; times?: LedgerFileTimes }>;
    /** A ledger file's text (undefined when missing). */
    readLedgerText(stamp: DirectoryStamp, file: string): Promise<{ text: string; times: LedgerFileTimes } | undefined>;
    /** One line appended and synced. */
    appendLedgerLine(stamp: DirectoryStamp, file: string, line: string): Promise<void>;
    /** A file of the directory rewritten atomically. */
    writeFileAtomically(stamp: DirectoryStamp, name: string, text: string): Promise<void>;
}

@injectable()
export class DefaultLedgerService implements LedgerService {
    workspaceRoots(workspaceUri: string | undefined): Promise<string[]> {
        return workspaceRoots(workspaceUri);
    }

    resolveExisting(p: string): Promise<string> {
        return resolveExisting(p);
    }

    refuseOutsideRoots(requestPath: string, roots: readonly string[]): Promise<string | undefined> {
        return refuseOutsideRoots(requestPath, roots);
    }

    prepareDirectory(root: string, segments: string[], created: CreatedPaths): Promise<DirectoryStamp> {
        return prepareDirectory(root, segments, created);
    }

    stampDirectory(dir: string): Promise<DirectoryStamp> {
        return stampDirectory(dir);
    }

    readIdentity(stamp: DirectoryStamp): Promise<string | undefined> {
        return readIdentity(stamp);
    }

    readLedger(stamp: DirectoryStamp, file: string): Promise<{ entries: LedgerEntry[]; unreadable: number; times?: LedgerFileTimes }> {
        return readLedger(stamp, file);
    }

    readLedgerText(stamp: DirectoryStamp, file: string): Promise<{ text: string; times: LedgerFileTimes } | undefined> {
        return readLedgerText(stamp, file);
    }

    appendLedgerLine(stamp: DirectoryStamp, file: string, line: string): Promise<void> {
        return appendLedgerLine(stamp, file, line);
    }

    writeFileAtomically(stamp: DirectoryStamp, name: string, text: string): Promise<void> {
        return writeFileAtomically(stamp, name, text);
    }
}
