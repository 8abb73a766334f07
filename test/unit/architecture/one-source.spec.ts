// Issue 26: one source per fact. A public name defined in a protocol file is never written again as a literal
// elsewhere in src/ (lint-k8s wrote the routes and the drain variable beside the constants it imported), and
// src/common has no loose files at its root (every file lives in a capability or a named shared folder).
import { expect } from 'chai';
import * as fs from 'fs';
import * as path from 'path';

const SRC = path.resolve(__dirname, '../../../src');

const FACTS: { literal: string; definedIn: string }[] = [
    { literal: '/health', definedIn: 'common/health/health-protocol.ts' },
    { literal: '/ready', definedIn: 'common/health/health-protocol.ts' },
    { literal: 'SESSION_HEALTH_DRAIN_SECONDS', definedIn: 'common/health/health-protocol.ts' },
    { literal: '/session-health/instance', definedIn: 'common/connection/heartbeat-protocol.ts' },
    { literal: '/home/project', definedIn: 'common/deployment/deployment-defaults.ts' }
];

function sources(dir: string): string[] {
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap(e => e.isDirectory() ? sources(path.join(dir, e.name))
        : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []);
}

/** Code lines only: comments may name a fact. */
function codeLines(file: string): string[] {
    return fs.readFileSync(file, 'utf8').split('\n').filter(l => !/^\s*(\/\/|\/?\*)/.test(l));
}

describe('architecture: one source per fact', () => {
    for (const { literal, definedIn } of FACTS) {
        it(`${literal} is written as a literal only in ${definedIn}`, () => {
            // A path as a whole string literal (an example inside a sentence is fine); a variable name anywhere in a string.
            const quoted = literal.startsWith('/') ? new RegExp(`'${literal}'`) : new RegExp(`['\`"][^'\`"\\n]*\\b${literal}\\b`);
            const found = sources(SRC).filter(f => codeLines(f).some(l => quoted.test(l))).map(f => path.relative(SRC, f));
            expect(found).to.deep.equal([definedIn]);
        });
    }

    it('src/common has no loose files at its root', () => {
        const loose = fs.readdirSync(path.join(SRC, 'common'), { withFileTypes: true }).filter(e => e.isFile()).map(e => e.name);
        expect(loose).to.deep.equal([]);
    });
});
