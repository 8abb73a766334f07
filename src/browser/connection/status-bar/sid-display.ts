// *****************************************************************************
// A live engine.io sid is a credential: a request that carries it skips Theia's cookie and Origin check and
// can drive the polling session. Screens and the clipboard get its first characters and its SHA-256 (the
// hash the keep-alive reports carry, so an admin can find the tab's records), never the sid itself.
// *****************************************************************************

import { sha256Hex } from '../../../common/shared/sha256';
import { ConnectionSnapshot } from '../state/connection-snapshot';
import { shortSid } from '../state/connection-labels';

/** `AbCdEfGh… (SHA-256 <64 hex>)`, or `none`. */
export function sidForPeople(sid: string | undefined): string {
    return sid ? `${shortSid(sid)} (SHA-256 ${sha256Hex(sid)})` : 'none';
}

/** The snapshot with both sids replaced by their short form and hash, for text that leaves the page. */
export function withoutLiveSids(s: ConnectionSnapshot): ConnectionSnapshot {
    return { ...s, sid: s.sid && sidForPeople(s.sid), backendSid: s.backendSid && sidForPeople(s.backendSid) };
}
