// *****************************************************************************
// The parts of the server bundle (GET /session-health/bundle, `session-health bundle`): its own (the instance,
// ledger summaries of the workspace roots, the Session Health environment with secrets masked) and those the
// capabilities contribute (drain: health; storage verdicts: storage; record counts and metrics: reports).
// *****************************************************************************

import * as os from 'os';
import { inject, injectable, named, optional } from '@theia/core/shared/inversify';
import { ContributionProvider } from '@theia/core/lib/common/contribution-provider';
import { WorkspaceServer } from '@theia/workspace/lib/common/workspace-protocol';
import { BundlePart } from '../../common/bundle/bundle-assembly';
import { BackendInstanceProvider } from '../capabilities/backend-instance';
import { LedgerService } from '../ledger/ledger-service';
import { ledgerSummary } from './server-ledger-summary';
import { SERVER_BUNDLE_PARTS, ServerBundleContribution, ServerBundleScope } from './server-bundle-contribution';

/** Environment variables the bundle shows (names starting with these); secret-named values are masked. */
export const BUNDLE_ENV_PREFIXES = ['SESSION_HEALTH_', 'OTEL_', 'THEIA_', 'KUBERNETES_SERVICE_'];

@injectable()
export class ServerBundleParts {
    @inject(BackendInstanceProvider) protected readonly instanceProvider: BackendInstanceProvider;
    @inject(ContributionProvider) @named(ServerBundleContribution)
    protected readonly contributions: ContributionProvider<ServerBundleContribution>;
    @inject(WorkspaceServer) @optional() protected readonly workspaceServer: WorkspaceServer | undefined;
    @inject(LedgerService) protected readonly files: LedgerService;

    parts(): BundlePart[] {
        let roots: Promise<string[]> | undefined;
        const scope: ServerBundleScope = {
            workspaceRoots: () => roots ??= this.workspaceServer?.getMostRecentlyUsedWorkspace().then(uri => this.files.workspaceRoots(uri)) ?? Promise.resolve([])
        };
        const parts = new Map<string, BundlePart>([
            ['instance', { id: 'instance', collect: () => this.instance() }],
            ['ledger', { id: 'ledger', collect: async () => Promise.all((await scope.workspaceRoots()).map(root => ledgerSummary(root, undefined, this.files))) }],
            ['environment', { id: 'environment', collect: ctx => ctx.redactor.env(this.environment()) }]
        ]);
        for (const contribution of this.contributions.getContributions()) {
            for (const part of contribution.parts(scope)) {
                parts.set(part.id, part);
            }
        }
        const known = SERVER_BUNDLE_PARTS.map(({ id, switchedOff }) => parts.get(id) ?? { id, collect: () => switchedOff ?? {} });
        const added = [...parts.values()].filter(p => !SERVER_BUNDLE_PARTS.some(k => k.id === p.id));
        return [...known, ...added];
    }

    protected instance(): object {
        return {
            ...this.instanceProvider.instance,
            pid: process.pid,
            uptimeSeconds: Math.round(process.uptime()),
            node: process.version,
            platform: `${os.platform()} ${os.release()} ${os.arch()}`,
            memory: { rssBytes: process.memoryUsage().rss, heapUsedBytes: process.memoryUsage().heapUsed }
        };
    }

    protected environment(): Record<string, string | undefined> {
        const picked: Record<string, string | undefined> = {};
        for (const [name, value] of Object.entries(process.env)) {
            if (BUNDLE_ENV_PREFIXES.some(p => name.startsWith(p))) {
                picked[name] = value;
            }
        }
        return picked;
    }
}
