// Texts of src/common that the browser shows and the CLI prints (#24 §4): with Theia's German localization loaded
// (nls.localization, as Theia's i18n preload sets it) the restart sentences, the persistence report and the
// connection error explanations are German; without one (the CLI, the backend) they are today's English, byte for byte.
import { expect } from 'chai';
import * as fs from 'fs';
import * as path from 'path';
import { nls } from '@theia/core/lib/common/nls';
import { PreviousInstance, restartSentence } from '../../../src/common/lifecycle/lifecycle-protocol';
import { formatPersistenceReport, reportHeadline, restartNotification } from '../../../src/common/persistence/persistence-format';
import { LedgerRecentMarker, PersistenceReport } from '../../../src/common/persistence/persistence-protocol';
import { ledgerRecent } from '../../../src/common/persistence/ledger-recent';
import { explainEngineIoCode } from '../../../src/common/shared/engine-io-protocol';
import { makeStep } from '../../../src/node/persistence/persistence-verdicts';
import { ledgerTimeline } from '../../../src/browser/persistence/persistence-ledger-timeline';
import { ROOT } from './nls-keys';

const GERMAN = { languageId: 'de', languageName: 'German', localizedLanguageName: 'Deutsch', languagePack: true,
    translations: JSON.parse(fs.readFileSync(path.join(ROOT, 'i18n/nls.de.json'), 'utf8')) as Record<string, string> };

const oom: PreviousInstance = { instanceId: 'a', stoppedAt: '2026-12-01T14:02:00Z', cause: 'oom-killed', detail: 'limit 4 GiB' };
const replaced: PreviousInstance = { instanceId: '', stoppedAt: '', cause: 'storage-replaced', detail: '' };

const report = (verdict: 'pass' | 'warn', extra: Partial<PersistenceReport> = {}): PersistenceReport => ({
    formatVersion: 1, path: '/w', resolvedPath: '/w', checkedAt: '2026-02-01T00:00:00.000Z', durationMs: 12, verdict,
    ...(verdict === 'warn' ? { firstFailingStep: 'write-probe' } : {}),
    steps: [
        makeStep('write-probe', 5, { verdict, numbers: { writeMs: 1 }, reason: 'ok', remediation: verdict === 'warn' ? 'use a PVC' : undefined }),
        makeStep('restart-survival', 1, { verdict: 'pass', numbers: {}, reason: 'fine' })
    ],
    ledger: { file: '/w/l', entries: 2, instances: 3, restartsSurvived: 2, since: '2026-01-01T00:00:00.000Z', unreadableLines: 0 },
    kubernetes: { namespace: 'ns', pod: 'theia-0', volumeName: 'ws', volumeType: 'persistentVolumeClaim', claimName: 'c', storageClass: 'gp3', verdict: 'persistent', kind: 'csi-volume' },
    instance: { id: 'abcdef123', hostname: 'h', startedAt: '', source: 'ide' },
    ...extra
});

const lost = (): LedgerRecentMarker[] => ledgerRecent({ entries: [], remembered: { nonce: 'n', found: false }, now: '2026-02-01T00:00:00.000Z' });

describe('i18n: texts shared by the browser and the CLI (src/common)', () => {
    afterEach(() => {
        nls.localization = undefined;
    });

    it('without a localization (CLI, backend): the English of before, byte for byte', () => {
        expect(restartSentence(oom, () => '14:02')).to.equal('The IDE server restarted at 14:02: it ran out of memory (limit 4 GiB). Your files survived.');
        expect(restartSentence(replaced, () => 'x')).to.equal('The IDE server restarted: the workspace storage was replaced, so earlier files may be gone. Check your files; restore lost ones from git or backups.');
        expect(formatPersistenceReport(report('warn'))).to.equal([
            'Persistence check of /w: WARN: first warning at "Write probe"',
            'Checked 2026-02-01 00:00:00 UTC in 12 ms by backend instance abcdef12 on h',
            '[WARN] Write probe (5 ms): ok\n       writeMs=1\n       Fix: use a PVC',
            '[PASS] Restart survival (1 ms): fine',
            'Ledger: /w/l (2 earlier markers, 3 backend instances, 2 restarts survived since 2026-01-01 00:00:00 UTC)',
            'Kubernetes: pod ns/theia-0, volume ws (persistentVolumeClaim), claim c, class gp3'
        ].join('\n'));
        expect(reportHeadline(report('pass', { resolvedPath: undefined }))).to.equal('Persistence check of /w: PASS: the workspace keeps its files');
        expect(restartNotification(report('warn')).text).to.equal('Your workspace files survived the restart (survived 2 restarts since 2026-01-01 00:00:00 UTC). Persistence check: warn, see the report.');
        expect(explainEngineIoCode(undefined, 503)).to.equal('A proxy or load balancer answered HTTP 503: the backend is down or not ready.');
        expect(lost()[0].cause).to.equal('the storage under the workspace was replaced: this marker is no longer on disk (its time is not known: shown at this check)');
    });

    it('with Theia\'s German localization: the restart sentence, the persistence report and its step titles are German', () => {
        nls.localization = GERMAN;
        expect(restartSentence(oom, () => '14:02')).to.equal('Der IDE-Server wurde um 14:02 neu gestartet: ihm ist der Arbeitsspeicher ausgegangen (limit 4 GiB). Ihre Dateien haben es überstanden.');
        const text = formatPersistenceReport(report('warn'));
        expect(text).to.include('Persistenzprüfung von /w: WARN: erste Warnung bei „Schreibprobe“');
        expect(text).to.include('[WARN] Schreibprobe (5 ms): ok\n       writeMs=1\n       Abhilfe: use a PVC');
        expect(text).to.include('[PASS] Überstandene Neustarts (1 ms): fine');
        expect(text).to.include('Markierungsprotokoll: /w/l (2 frühere Markierungen, 3 Backend-Instanzen, 2 Neustarts überstanden seit 2026-01-01 00:00:00 UTC)');
        expect(text).to.not.match(/Persistence check|Write probe|Checked|Ledger:|earlier markers/);
        expect(explainEngineIoCode(4)).to.match(/^Der Server hat das Verbindungstoken abgelehnt \(HTTP 403\)/);
    });

    it('the report JSON keeps its English fields; the browser shows a lost marker\'s cause in German', () => {
        nls.localization = GERMAN;
        // what the backend writes into the report (no localization there; here one is loaded and still nothing changes)
        expect(report('pass').steps[0].title).to.equal('Write probe');
        const markers = lost();
        expect(markers[0].cause).to.equal('the storage under the workspace was replaced: this marker is no longer on disk (its time is not known: shown at this check)');
        const [entry] = ledgerTimeline({ file: '/w/l', entries: 0, instances: 1, restartsSurvived: 0, unreadableLines: 0, recent: markers });
        expect(entry.text).to.include('der Speicher unter dem Arbeitsbereich wurde ersetzt: Diese Markierung liegt nicht mehr auf dem Datenträger (ihre Zeit ist nicht bekannt');
    });
});
