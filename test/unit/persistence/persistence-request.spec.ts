// Request validation of the persistence check: bodies, the directory setting.
import { expect } from 'chai';
import { checkDirectorySetting, validateCheckRequest } from '../../../src/node/persistence/persistence-request';

describe('persistence: request validation', () => {
    describe('validateCheckRequest', () => {
        it('accepts a path, settings and a remembered marker', () => {
            const r = validateCheckRequest({ path: '/home/project', directory: 'x/y', minFreePercent: 10, minFreeMegabytes: 0, rememberedMarker: { nonce: 'abc-1', time: '2026-01-01T00:00:00Z', instanceId: 'i1' } });
            expect(r).to.deep.equal({ request: { path: '/home/project', directory: 'x/y', minFreePercent: 10, minFreeMegabytes: 0, rememberedMarker: { nonce: 'abc-1', time: '2026-01-01T00:00:00.000Z', instanceId: 'i1' } } });
            expect(validateCheckRequest({ path: 'file:///home/project' })).to.deep.equal({ request: { path: 'file:///home/project' } });
        });
        const bad: [unknown, string][] = [
            [null, 'JSON object'], [[], 'JSON object'], ['x', 'JSON object'], [{}, 'path: required'], [{ path: 3 }, 'path: required'],
            [{ path: 'relative/dir' }, 'must be absolute'], [{ path: '/a\0b' }, 'NUL'], [{ path: '/a', extra: 1 }, 'Unknown field'],
            [{ path: '/a', directory: '../out' }, 'directory: must stay inside'], [{ path: '/a', directory: '/etc' }, 'directory: must be relative'],
            [{ path: '/a', minFreePercent: 101 }, 'minFreePercent'], [{ path: '/a', minFreeMegabytes: 'x' }, 'minFreeMegabytes'],
            [{ path: '/a', rememberedMarker: { nonce: 'a b' } }, 'rememberedMarker'], [{ path: '/a', rememberedMarker: 'x' }, 'rememberedMarker']
        ];
        for (const [body, reason] of bad) {
            it(`refuses ${JSON.stringify(body)} with a reason`, () => {
                const r = validateCheckRequest(body);
                expect(r).to.have.property('error').that.includes(reason);
            });
        }
    });

    describe('checkDirectorySetting', () => {
        it('defaults to .theia/session-health and normalizes segments', () => {
            expect(checkDirectorySetting(undefined)).to.deep.equal({ segments: ['.theia', 'session-health'] });
            expect(checkDirectorySetting('  ')).to.deep.equal({ segments: ['.theia', 'session-health'] });
            expect(checkDirectorySetting('./a//b/')).to.deep.equal({ segments: ['a', 'b'] });
        });
        it('refuses absolute paths, .. anywhere, and the root itself', () => {
            for (const v of ['/tmp', 'a/../../b', '..', 'C:\\x', '.', './']) {
                expect(checkDirectorySetting(v), v).to.have.property('error');
            }
        });
    });
});
