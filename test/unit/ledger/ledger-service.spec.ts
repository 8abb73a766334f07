// Issue 26: the ledgers' file access is one bound service (node/ledger/ledger-service.ts): the lifecycle service and
// the bundle's parts inject the same singleton from the shared bindings, and a rebound service is what the
// lifecycle's reads and appends go through.
import { expect } from 'chai';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { FileUri } from '@theia/core/lib/common/file-uri';
import { Container, injectable } from '@theia/core/shared/inversify';
import { ILogger } from '@theia/core/lib/common/logger';
import { bindContributionProvider } from '@theia/core/lib/common/contribution-provider';
import { WorkspaceServer } from '@theia/workspace/lib/common/workspace-protocol';
import capabilitiesModule from '../../../src/node/capabilities/capabilities-backend-module';
import { DefaultLedgerService, LedgerService } from '../../../src/node/ledger/ledger-service';
import type { DirectoryStamp } from '../../../src/node/ledger/safe-files';
import { DefaultLifecycleService } from '../../../src/node/lifecycle/lifecycle-service';
import { RestartMetrics } from '../../../src/node/lifecycle/restart-metrics';
import { StoppingBroadcaster } from '../../../src/node/lifecycle/stopping-broadcaster';
import { ServerBundleParts } from '../../../src/node/bundle/server-bundle-parts';
import { ServerBundleContribution } from '../../../src/node/bundle/server-bundle-contribution';
import { DefaultPersistenceCheckService } from '../../../src/node/persistence/default-persistence-check-service';
import { DefaultJournalDiskService } from '../../../src/node/journal/journal-disk-service';
import { DefaultStorageClassificationService } from '../../../src/node/storage/default-storage-classification-service';
import { EnvVariablesServer } from '@theia/core/lib/common/env-variables';

const silent = { info: () => undefined, warn: () => undefined, error: () => undefined } as unknown as ILogger;

function container(root: string): Container {
    const c = new Container();
    c.load(capabilitiesModule);
    c.bind(ILogger).toConstantValue(silent).whenTargetNamed('session-health:lifecycle');
    c.bind(WorkspaceServer).toConstantValue({ getMostRecentlyUsedWorkspace: async () => FileUri.create(root).toString() } as unknown as WorkspaceServer);
    c.bind(StoppingBroadcaster).toConstantValue({ broadcast: () => 0 } as unknown as StoppingBroadcaster);
    c.bind(RestartMetrics).toSelf().inSingletonScope();
    c.bind(DefaultLifecycleService).toSelf().inSingletonScope();
    bindContributionProvider(c, ServerBundleContribution);
    c.bind(ServerBundleParts).toSelf().inSingletonScope();
    c.bind(EnvVariablesServer).toConstantValue({} as EnvVariablesServer);
    c.bind(DefaultPersistenceCheckService).toSelf().inSingletonScope();
    c.bind(DefaultJournalDiskService).toSelf().inSingletonScope();
    c.bind(DefaultStorageClassificationService).toSelf().inSingletonScope();
    return c;
}

const filesOf = (o: object): LedgerService => (o as unknown as { files: LedgerService }).files;

describe('node/ledger: LedgerService', () => {
    let root: string;
    beforeEach(() => root = fs.mkdtempSync(path.join(os.tmpdir(), 'sh-ledger-service-')));
    afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

    it('is bound by the shared bindings and is one singleton for lifecycle, bundle, persistence, journal and storage', () => {
        const c = container(root);
        const files = c.get<LedgerService>(LedgerService);
        expect(files).to.be.instanceOf(DefaultLedgerService);
        expect(filesOf(c.get(DefaultLifecycleService))).to.equal(files);
        expect(filesOf(c.get(ServerBundleParts))).to.equal(files);
        expect(filesOf(c.get(DefaultPersistenceCheckService))).to.equal(files);
        expect(filesOf(c.get(DefaultJournalDiskService))).to.equal(files);
        expect(filesOf(c.get(DefaultStorageClassificationService))).to.equal(files);
    });

    it('a rebound service is what the persistence check route\'s root refusal uses', async () => {
        @injectable()
        class NarrowLedgerService extends DefaultLedgerService {
            override async refuseOutsideRoots(): Promise<string | undefined> {
                return 'adopter: no checks here';
            }
        }
        const c = container(root);
        c.bind(NarrowLedgerService).toSelf().inSingletonScope();
        c.rebind(LedgerService).toService(NarrowLedgerService);
        const error = await c.get(DefaultPersistenceCheckService).runCheck({ path: root }).then(() => undefined, e => e as Error);
        expect(error?.message).to.equal('adopter: no checks here');
    });

    it('a rebound service sees the lifecycle\'s start rewrite and stop append, and the files are on disk', async () => {
        const seen: string[] = [];
        @injectable()
        class RecordingLedgerService extends DefaultLedgerService {
            override writeFileAtomically(stamp: DirectoryStamp, name: string, text: string): Promise<void> {
                seen.push(`write ${name}`);
                return super.writeFileAtomically(stamp, name, text);
            }
            override appendLedgerLine(stamp: DirectoryStamp, file: string, line: string): Promise<void> {
                seen.push(`append ${path.basename(file)} ${JSON.parse(line).kind}`);
                return super.appendLedgerLine(stamp, file, line);
            }
        }
        const c = container(root);
        c.bind(RecordingLedgerService).toSelf().inSingletonScope();
        c.rebind(LedgerService).toService(RecordingLedgerService);
        const lifecycle = c.get(DefaultLifecycleService);
        lifecycle.initialize();
        await lifecycle.previous();
        await lifecycle.recordIdleStop(0);
        expect(seen).to.deep.equal(['write lifecycle.jsonl', 'append lifecycle.jsonl stop']);
        const text = fs.readFileSync(path.join(root, '.theia', 'session-health', 'lifecycle.jsonl'), 'utf8');
        expect(text.trim().split('\n').map(l => JSON.parse(l).kind)).to.deep.equal(['start', 'stop']);
    });
});
