// Issue 26: the server bundle collects the parts capabilities contribute (ServerBundleContribution) and imports no
// capability; a switched-off capability contributes nothing and the bundle shows what it showed before, in the same order.
import { expect } from 'chai';
import { Container } from '@theia/core/shared/inversify';
import { bindContributionProvider } from '@theia/core/lib/common/contribution-provider';
import { assembleBundle } from '../../../src/common/bundle/bundle-assembly';
import { Redactor } from '../../../src/common/bundle/bundle-redaction';
import { BackendInstanceProvider, DefaultBackendInstanceProvider } from '../../../src/node/capabilities/backend-instance';
import { ServerBundleContribution } from '../../../src/node/bundle/server-bundle-contribution';
import { ServerBundleParts } from '../../../src/node/bundle/server-bundle-parts';
import { DefaultLedgerService, LedgerService } from '../../../src/node/ledger/ledger-service';

function container(...contributions: ServerBundleContribution[]): Container {
    const c = new Container();
    bindContributionProvider(c, ServerBundleContribution);
    contributions.forEach(x => c.bind(ServerBundleContribution).toConstantValue(x));
    c.bind(BackendInstanceProvider).to(DefaultBackendInstanceProvider).inSingletonScope();
    c.bind(DefaultLedgerService).toSelf().inSingletonScope();
    c.bind(LedgerService).toService(DefaultLedgerService);
    c.bind(ServerBundleParts).toSelf().inSingletonScope();
    return c;
}

describe('bundle: the server bundle\'s parts come from contributions', () => {
    it('without contributions (health, storage, reports switched off) keeps every part, in order, saying what is off', async () => {
        const { bundle } = await assembleBundle('server', container().get(ServerBundleParts).parts(), new Redactor([]));
        expect(Object.keys(bundle.parts)).to.deep.equal(['instance', 'drain', 'storage', 'ledger', 'records', 'metrics', 'environment']);
        expect(bundle.parts.drain).to.deep.equal({ draining: 'unknown (health switched off)' });
        expect(bundle.parts.storage).to.deep.equal({ error: 'storage switched off' });
        expect(bundle.parts.records).to.deep.equal({ error: 'reports switched off' });
        expect(bundle.parts.metrics).to.deep.equal({ error: 'reports switched off' });
        expect(bundle.parts.ledger).to.deep.equal([]);
    });

    it('puts a contributed part in its place and sees the workspace roots once per bundle', async () => {
        const drain: ServerBundleContribution = { parts: scope => [{ id: 'drain', collect: async () => ({ draining: false, roots: await scope.workspaceRoots() }) }] };
        const extra: ServerBundleContribution = { parts: () => [{ id: 'extra', collect: () => 1 }] };
        const { bundle } = await assembleBundle('server', container(extra, drain).get(ServerBundleParts).parts(), new Redactor([]));
        expect(Object.keys(bundle.parts)).to.deep.equal(['instance', 'drain', 'storage', 'ledger', 'records', 'metrics', 'environment', 'extra']);
        expect(bundle.parts.drain).to.deep.equal({ draining: false, roots: [] });
    });
});
