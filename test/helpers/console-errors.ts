// Browser console errors and which of them are this extension's.

/** Console errors whose text or stack points at this extension (its modules, its names). */
export const OURS = /session-health|sessionHealth|SessionHealth/;

/**
 * Theia's own reconnect bug (1.72.0 and the same code in 1.74.1, `WebSocketConnectionSource`): after a failed
 * reconnect its RECONNECT listener stays registered, so at the next backend restart it fires twice, two initial
 * connects follow, and `ChannelMultiplexer.open` throws for EVERY service channel, Theia's and ours alike. Seen in
 * stock 1.72.0 without this extension from the second restart on (a loop of backend restarts: 6 of 6). It names our channels
 * (`/services/session-health…`) without coming from our code: left out only when Theia's own channels got the same
 * error in the same run; a duplicate open of our channels alone still fails the test.
 */
const DUPLICATE_CHANNEL = /^pageerror: Another channel with the id '([^']+)' is already open\./;
export function withoutTheiaDuplicateOpens(errors: string[]): string[] {
    const channels = errors.map(e => DUPLICATE_CHANNEL.exec(e)?.[1]).filter((c): c is string => !!c);
    const theiaToo = channels.some(c => !OURS.test(c));
    return theiaToo ? errors.filter(e => !DUPLICATE_CHANNEL.test(e)) : errors;
}
