// The start-up attribution (issue 28) counts a sample as the extension's when a frame of our modules is on its stack,
// under the innermost such frame: what our code calls (Theia, libraries) and requires counts, what calls us does not.
import { expect } from 'chai';
import { CpuProfile, moduleAt, moduleStarts, underOurs, UNDER_OURS_TOTAL } from '../../../bench/profile-attribution';

const bundle = [
    '"use strict";',                                          // 0
    '(() => {',                                               // 1
    '  // ../lib/browser/connection/a.js',                    // 2
    '  function outer() {}',                                  // 3
    '  // node_modules/@theia/core/lib/common/command.js',    // 4
    '  function registerCommand() {}',                        // 5
    '  // ../lib/browser/journal/b.js',                       // 6
    '  function inner() {}',                                  // 7
].join('\n');
const url = 'http://127.0.0.1:3000/bundle.js';
const frame = (id: number, functionName: string, lineNumber: number, children: number[] = [], u = url) =>
    ({ id, callFrame: { functionName, url: u, lineNumber }, children });

describe('bench profile attribution: time under our code', () => {
    const starts = moduleStarts(bundle);

    it('maps a line to the module that starts above it', () => {
        expect(moduleAt(starts, 0)).to.equal('(bundle prologue)');
        expect(moduleAt(starts, 3)).to.equal('../lib/browser/connection/a.js');
        expect(moduleAt(starts, 5)).to.equal('node_modules/@theia/core/lib/common/command.js');
        expect(moduleAt(starts, 7)).to.equal('../lib/browser/journal/b.js');
    });

    it('counts what our frames call under the innermost of ours, and nothing that only calls us', () => {
        // root → theia(caller) → outer(ours) → registerCommand(theia) → inner(ours) → registerCommand(theia)
        const profile: CpuProfile = {
            nodes: [
                frame(1, '(root)', -1, [2, 9], ''),
                frame(2, 'registerCommand', 5, [3]),
                frame(3, 'outer', 3, [4]),
                frame(4, 'registerCommand', 5, [5]),
                frame(5, 'inner', 7, [6]),
                frame(6, 'registerCommand', 5),
                frame(9, '(garbage collector)', -1, [], '')
            ],
            samples: [2, 3, 4, 5, 6, 9],
            timeDeltas: [1000, 2000, 4000, 8000, 16000, 32000]
        };
        const under = underOurs(profile, starts);
        expect(under.get('outer  browser/connection/a.js')).to.equal(6);
        expect(under.get('inner  browser/journal/b.js')).to.equal(24);
        expect(under.get(UNDER_OURS_TOTAL)).to.equal(30);
        expect(under.size).to.equal(3);
    });
});
