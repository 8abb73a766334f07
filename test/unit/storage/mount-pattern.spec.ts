import { expect } from 'chai';
import * as fc from 'fast-check';
import { performance } from 'perf_hooks';
import { matchesMountPattern, MAX_MOUNT_PATTERN_LENGTH, MAX_MOUNT_PATTERNS, MountPattern, mountPattern } from '../../../src/node/storage/mount-pattern';

/** The RegExp translation used up to 0.1.0 (backtracking: exponential in the number of `**`), kept as the oracle of what matches. */
function legacyGlobToRegExp(glob: string): RegExp {
    let source = '';
    for (let i = 0; i < glob.length; i++) {
        const c = glob[i];
        if (c === '*' && glob[i + 1] === '*') {
            if (glob[i + 2] === '/') {
                source += '(?:.*/)?';
                i += 2;
            } else {
                source += '.*';
                i++;
            }
        } else if (c === '*') {
            source += '[^/]*';
        } else if (c === '?') {
            source += '[^/]';
        } else {
            source += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
        }
    }
    source = source.replace(/\/\.\*$/, '(?:/.*)?');
    return new RegExp(`^${source}$`);
}

/**
 * The time of one match (compiling included), the best of `runs` tries: on this shared 2-core machine a try can
 * be descheduled for tens of ms, which says nothing about the matcher; the best try is what the match costs.
 */
function matchMs(pattern: string, path: string, runs = 7): { ms: number; matched: boolean } {
    let ms = Infinity;
    let matched = false;
    for (let i = 0; i < runs; i++) {
        const start = performance.now();
        matched = new MountPattern(pattern).test(path);
        ms = Math.min(ms, performance.now() - start);
    }
    return { ms, matched };
}

describe('storage: mount-point patterns match in linear time (mount-pattern.ts)', () => {
    it('matches what the RegExp translation matched (property test on short patterns and paths)', () => {
        const glob = fc.string({ unit: fc.constantFrom('a', 'b', '/', '*', '?', '.', '\n', '(', '\\'), maxLength: 9 });
        const path = fc.string({ unit: fc.constantFrom('a', 'b', '/', '.', '\n', '(', '\\', '*'), maxLength: 12 });
        fc.assert(fc.property(glob, path, (g, p) => new MountPattern(g).test(p) === legacyGlobToRegExp(g).test(p)), { numRuns: 20000 });
    });

    it('the documented cases: * within a segment, ** across, **/ whole directories, trailing /** also the directory', () => {
        const cases: Array<[string, string, boolean]> = [
            ['/mnt/*', '/mnt/a', true], ['/mnt/*', '/mnt/a/b', false], ['/mnt/*', '/mnt/', true], ['/mnt/**', '/mnt', true],
            ['/mnt/**', '/mnt/a/b', true], ['/mnt/**', '/mntx', false], ['/**/ws', '/ws', true], ['/**/ws', '/a/b/ws', true],
            ['/**/ws', '/a/bws', false], ['/d?', '/d1', true], ['/d?', '/d/', false], ['/a.b+(c)', '/a.b+(c)', true], ['/a.b', '/axb', false],
            ['/***', '/mnt', true], ['/***', '', false], ['/x/***', '/x', false], ['**', 'a\nb', false], ['*', 'a\nb', true]
        ];
        for (const [pattern, path, expected] of cases) {
            expect([pattern, path, mountPattern(pattern).test(path)]).to.deep.equal([pattern, path, expected]);
            expect(legacyGlobToRegExp(pattern).test(path), `oracle ${pattern} ${path}`).to.equal(expected);
        }
    });

    it('the worst patterns we can construct (up to the 256-character bound) match a 4096-character path in under 5 ms each', () => {
        const longPath = '/' + 'a/'.repeat(2047) + 'b'; // 4096 characters, no match for any pattern below
        const flatPath = '/' + 'a'.repeat(4094) + 'b';
        const worst: Array<[string, string]> = [
            ['/' + '**a'.repeat(16) + 'c', longPath], // the 49-character pattern that blocked the backend ~10 s
            ['/' + '**a'.repeat(85), longPath], // as many ** as the length bound allows
            ['/' + '*a'.repeat(127), flatPath], // *a*a*a... within one long segment
            ['/' + '**/a'.repeat(63) + 'c', longPath], // optional directory groups
            ['/' + '**a*'.repeat(63), longPath + '/'], // both kinds of star
            ['?'.repeat(MAX_MOUNT_PATTERN_LENGTH - 1) + 'c', longPath],
            ['/' + '*?'.repeat(127), longPath],
            ['/' + '**?'.repeat(85), longPath + '/'],
            ['/' + 'a'.repeat(MAX_MOUNT_PATTERN_LENGTH - 1), flatPath],
            ['*'.repeat(MAX_MOUNT_PATTERN_LENGTH), longPath + '\n'],
            ['/' + '**a'.repeat(1000), longPath] // over the length bound: matches nothing, at once
        ];
        const timings: string[] = [];
        for (const [pattern, path] of worst) {
            const { ms, matched } = matchMs(pattern, path);
            timings.push(`${pattern.slice(0, 12)}... (${pattern.length} chars): ${ms.toFixed(2)} ms`);
            expect(matched, pattern.slice(0, 40)).to.equal(false);
            expect(ms, `${pattern.slice(0, 40)}... took ${ms.toFixed(2)} ms`).to.be.below(5);
        }
        console.log('      worst matches: ' + timings.join('; '));
    });

    it('the 49-character pattern still matches what it should, fast', () => {
        const pattern = '/' + '**a'.repeat(16);
        const path = '/' + 'a/'.repeat(2047) + 'a';
        const { ms, matched } = matchMs(pattern, path);
        expect(matched).to.equal(true);
        expect(ms).to.be.below(5);
    });

    it('bounds: patterns longer than the limit match nothing; only the first patterns of a list are used', () => {
        expect(new MountPattern('/' + 'x'.repeat(MAX_MOUNT_PATTERN_LENGTH)).tooLong).to.equal(true);
        expect(mountPattern('/**'.repeat(MAX_MOUNT_PATTERN_LENGTH)).test('/a')).to.equal(false);
        const many = [...Array.from({ length: MAX_MOUNT_PATTERNS }, (_, i) => `/nope${i}`), '/w'];
        expect(matchesMountPattern('/w', many)).to.equal(undefined);
        expect(matchesMountPattern('/w', ['/nope', ' /w '])).to.equal(' /w ');
    });
});
