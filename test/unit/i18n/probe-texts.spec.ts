// The connection-path probe's texts (#24 §4): with Theia's German localization loaded (nls.localization, as Theia's
// i18n preload sets it) a finding's title, its fix, its snippet titles and the live monitor's notes are German;
// without one (the CLI) they are today's English, byte for byte. Codes, severities and configuration stay as they are.
import { expect } from 'chai';
import * as fs from 'fs';
import * as path from 'path';
import { nls } from '@theia/core/lib/common/nls';
import { analyzeProbe } from '../../../src/common/probe/probe-findings';
import { formatFinding } from '../../../src/common/probe/probe-format';
import { monitorNotes } from '../../../src/common/probe/probe-monitor-notes';
import { ProbeObservations } from '../../../src/common/probe/probe-observations';
import { REMEDIATIONS } from '../../../src/common/probe/probe-remediations';
import { ROOT } from './nls-keys';

const GERMAN = { languageId: 'de', languageName: 'German', localizedLanguageName: 'Deutsch', languagePack: true,
    translations: JSON.parse(fs.readFileSync(path.join(ROOT, 'i18n/nls.de.json'), 'utf8')) as Record<string, string> };

// A proxy answering 502 for every request: UNREACHABLE.
const proxyDown = (): ProbeObservations => {
    const o = (step: 'health' | 'ready' | 'page') => ({ record: { step, method: 'GET' as const, url: `http://h/${step}`, status: 502, ms: 1 }, status: 502 });
    return { url: 'http://h/', runner: 'node', health: o('health'), ready: o('ready'), page: o('page'), handshakes: [], cacheHeaders: [] };
};
const facts = { transport: 'polling', upgrades: 0, upgradeErrors: 2, reconnects: 0, lastUpgradeError: { at: 995_000, message: 'probe error' } };

describe('i18n: the connection-path probe\'s texts (src/common/probe)', () => {
    afterEach(() => {
        nls.localization = undefined;
    });

    it('without a localization (CLI): the English of before, byte for byte', () => {
        const [f] = analyzeProbe(proxyDown());
        expect(f.code).to.equal('UNREACHABLE');
        expect(f.title).to.equal('The IDE is unreachable: the proxy answers 502: no backend behind it is up');
        expect(f.remediation!.text).to.equal('The IDE does not answer: connection refused, DNS failure, timeout, or the proxy answers 502/503/504 because no backend is up. Check that the pods run and are ready (kubectl get pods, kubectl describe ingress), and that the Service selects them.');
        expect(formatFinding(f, false).split('\n')).to.deep.equal([
            '[UNREACHABLE] ERROR: The IDE is unreachable: the proxy answers 502: no backend behind it is up',
            '    evidence: GET /health -> 502 (1 ms)',
            '    evidence: GET /ready -> 502 (1 ms)',
            '    evidence: GET /page -> 502 (1 ms)',
            '    fix: The IDE does not answer: connection refused, DNS failure, timeout, or the proxy answers 502/503/504 because no backend is up. Check that the pods run and are ready (kubectl get pods, kubectl describe ingress), and that the Service selects them.'
        ]);
        expect(REMEDIATIONS.AUTH_REQUIRED.text).to.contain('/health and /ready are meant for the kubelet').and.contain('exempt exactly /health and /ready.');
        expect(REMEDIATIONS.NO_SESSION_AFFINITY.snippets.map(s => s.title)).to.deep.equal([
            'BackendConfig with sessionAffinity, referenced from the Service', 'Ingress annotations: cookie affinity',
            'Service (kube-proxy, no ingress in front)', 'nginx upstream with ip_hash', 'haproxy cookie stickiness'
        ]);
        expect(monitorNotes(facts, 1_000_000)).to.deep.equal([
            'The IDE\'s own connection has been on HTTP long-polling since it started: it never upgraded to WebSocket (2 failed upgrade attempt(s)).',
            'Last failed WebSocket upgrade 5 s ago: probe error.',
            'It has not reconnected since the page was loaded.'
        ]);
    });

    it('with Theia\'s German localization: the finding title, its fix, snippet titles and the monitor notes are German', () => {
        nls.localization = GERMAN;
        const [f] = analyzeProbe(proxyDown());
        expect(f.code).to.equal('UNREACHABLE');
        expect(f.severity).to.equal('error');
        expect(f.title).to.equal('Die IDE ist nicht erreichbar: Der Proxy antwortet mit 502: Kein Backend dahinter läuft');
        expect(f.remediation!.text).to.match(/^Die IDE antwortet nicht: Verbindung abgelehnt/);
        const text = formatFinding(f);
        expect(text).to.contain('[UNREACHABLE] ERROR: Die IDE ist nicht erreichbar').and.contain('    Abhilfe: Die IDE antwortet nicht').and.contain('    --- kubernetes: Wo nachsehen');
        expect(text).to.not.match(/unreachable:|does not answer|Where to look|\bfix:/);
        expect(REMEDIATIONS.NO_SESSION_AFFINITY.snippets[1].title).to.equal('Ingress-Annotationen: Cookie-Affinität');
        // configuration is machine text: the same YAML in every language
        expect(REMEDIATIONS.NO_SESSION_AFFINITY.snippets[0].config).to.contain('sessionAffinity').and.not.contain('Sitzung');
        const notes = monitorNotes(facts, 1_000_000);
        expect(notes[0]).to.equal('Die eigene Verbindung der IDE läuft seit ihrem Start über HTTP-Long-Polling: Sie wurde nie auf WebSocket umgestellt (2 fehlgeschlagene Upgrade-Versuche).');
        expect(notes[1]).to.equal('Letztes fehlgeschlagenes WebSocket-Upgrade vor 5 s: probe error.');
        expect(notes.join(' ')).to.not.match(/connection|reconnected|upgrade attempt/);
    });
});
