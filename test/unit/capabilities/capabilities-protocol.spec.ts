// Issue 24 §3: SESSION_HEALTH_DISABLE as read by backend and frontend: names, separators, case, unknown names, and the
// capabilities that go off with one they need.
import { expect } from 'chai';
import {
    CAPABILITY_NAMES, isCapabilitiesAnswer, parseDisabledCapabilities, resolveCapabilities, SESSION_HEALTH_DISABLE_ENV
} from '../../../src/common/capabilities/capabilities-protocol';

describe('unit: SESSION_HEALTH_DISABLE', () => {
    it('reads names separated by commas or spaces, in any case, once each', () => {
        expect(parseDisabledCapabilities('reports,journal')).to.deep.equal({ names: ['reports', 'journal'] });
        expect(parseDisabledCapabilities(' Reports ,  JOURNAL reports\tidle ')).to.deep.equal({ names: ['reports', 'journal', 'idle'] });
        expect(parseDisabledCapabilities(undefined)).to.deep.equal({ names: [] });
        expect(parseDisabledCapabilities(' , ')).to.deep.equal({ names: [] });
    });

    it('refuses an unknown name, naming it and the known ones', () => {
        const parsed = parseDisabledCapabilities('reports,jornal');
        expect(parsed).to.have.property('error');
        const error = (parsed as { error: string }).error;
        expect(error).to.contain(SESSION_HEALTH_DISABLE_ENV).and.contain('"jornal"').and.contain(`known: ${CAPABILITY_NAMES.join(', ')}`);
        expect(error).not.to.contain('"reports"');
        // A hostile value is cut short, not echoed whole.
        expect((parseDisabledCapabilities('x'.repeat(10000)) as { error: string }).error.length).to.be.lessThan(300);
    });

    it('switches off what needs a switched-off capability, and says why', () => {
        const answer = resolveCapabilities(['connection']);
        expect(answer.disabled).to.deep.equal([
            { name: 'connection', by: SESSION_HEALTH_DISABLE_ENV },
            { name: 'lifecycle', by: 'connection' },
            { name: 'reports', by: 'connection' }
        ]);
        expect(answer.enabled).to.deep.equal(['storage', 'persistence', 'journal', 'idle', 'bundle', 'probe', 'health']);
        expect(resolveCapabilities([]).enabled).to.deep.equal([...CAPABILITY_NAMES]);
        expect(resolveCapabilities(['reports', 'journal']).enabled).to.deep.equal(['connection', 'storage', 'persistence', 'idle', 'lifecycle', 'bundle', 'probe', 'health']);
    });

    it('accepts only a well-formed route answer', () => {
        expect(isCapabilitiesAnswer(resolveCapabilities(['idle']))).to.equal(true);
        for (const bad of [undefined, null, '<html>', {}, { enabled: 'x', disabled: [] }, { enabled: [], disabled: [{ name: 1 }] }]) {
            expect(isCapabilitiesAnswer(bad), JSON.stringify(bad)).to.equal(false);
        }
    });
});
