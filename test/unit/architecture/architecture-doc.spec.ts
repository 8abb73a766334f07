// Issue 26: docs/architecture.md draws the monitor as it works: the light heartbeat is the `sh:hb` Socket.IO
// event with an ack (HEARTBEAT_EVENT), not an RPC; the RPC's heartbeat() says in the protocol why it stays.
import { expect } from 'chai';
import * as fs from 'fs';
import * as path from 'path';
import { HEARTBEAT_EVENT } from '../../../src/common/connection/heartbeat-protocol';

const ROOT = path.resolve(__dirname, '../../..');

describe('architecture: docs/architecture.md matches the code', () => {
    it('draws the heartbeat as the Socket.IO event the monitor sends, not an RPC', () => {
        const doc = fs.readFileSync(path.join(ROOT, 'docs/architecture.md'), 'utf8');
        expect(doc).not.to.match(/heartbeat RPC/i);
        expect(doc).to.include(`\`${HEARTBEAT_EVENT}\` event`);
    });

    it('the RPC heartbeat() is documented as unused by the monitor, with the reason it stays', () => {
        const protocol = fs.readFileSync(path.join(ROOT, 'src/common/connection/heartbeat-protocol.ts'), 'utf8');
        const doc = /\/\*\*((?:(?!\*\/)[\s\S])*)\*\/\s*heartbeat\(request/.exec(protocol)?.[1] ?? '';
        expect(doc).to.match(/does not call this/).and.match(/stays because/);
    });
});
