// The journal's workspace identity: what tells two workspaces on one origin apart, and which keys count as unknown.
import { expect } from 'chai';
import { identityKey, pagePrefix, unknownIdentityKeys } from '../../../src/browser/journal/journal-keys';
import { parseWorkspaceId } from '../../../src/common/journal/journal-protocol';

describe('journal identity keys', () => {
    const root = 'file:///home/project';

    it('two IDEs under two path prefixes of one origin, with the same root, get different keys', () => {
        const a = identityKey({ kind: 'page', scope: pagePrefix({ origin: 'https://ide.example.com', pathname: '/theia/alice-1/' }), root });
        const b = identityKey({ kind: 'page', scope: pagePrefix({ origin: 'https://ide.example.com', pathname: '/theia/alice-2/' }), root });
        expect(a).not.to.equal(b);
        expect(a.endsWith(`|${root}`)).to.equal(true);
    });

    it('the page prefix drops the file name, query and fragment', () => {
        expect(pagePrefix({ origin: 'https://h', pathname: '/theia/alice-1/index.html' })).to.equal('https://h/theia/alice-1/');
        expect(pagePrefix({ origin: 'https://h', pathname: '/' })).to.equal('https://h/');
    });

    it('an admin id keys the workspace whatever the page address; ids cannot pose as page keys', () => {
        const id = identityKey({ kind: 'id', scope: 'alice|page|x', root });
        expect(id).not.to.equal(identityKey({ kind: 'page', scope: 'x', root }));
        expect(id.split('|')).to.have.length(4 + root.split('|').length - 1);
    });

    it('old bare-URI keys and keys written while unknown are the unknown ones; never a known key', () => {
        const page = 'https://h/theia/a/';
        const unknown = unknownIdentityKeys(root, page);
        expect(unknown).to.include(root);
        expect(unknown).not.to.include(identityKey({ kind: 'page', scope: page, root }));
    });

    it('SESSION_HEALTH_WORKSPACE_ID: trimmed, 1-256 characters, no control characters', () => {
        expect(parseWorkspaceId('  alice-ws ')).to.equal('alice-ws');
        expect(parseWorkspaceId('')).to.equal(undefined);
        expect(parseWorkspaceId('a\nb')).to.equal(undefined);
        expect(parseWorkspaceId('x'.repeat(257))).to.equal(undefined);
        expect(parseWorkspaceId(42)).to.equal(undefined);
    });
});
