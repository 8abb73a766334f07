// *****************************************************************************
// The Session Health view's Storage section: each workspace root's verdict, kind, mount and evidence as
// separate lines, and for a root at risk the fix (the manifests of the former fix dialog) with copy buttons.
// *****************************************************************************

import { inject, injectable } from '@theia/core/shared/inversify';
import { CommandRegistry } from '@theia/core/lib/common/command';
import { StorageClassification } from '../../common/storage/storage-protocol';
import { PERSISTENCE_CHECK_COMMAND_ID } from '../../common/persistence/persistence-protocol';
import { SessionHealthSectionOrder } from '../view/session-health-view-section';
import { AbstractViewSection, ViewSectionAction } from '../view/abstract-view-section';
import { h, ReactNode } from '../view/react-elements';
import { STORAGE_SECTION_ID, StorageCommands, StorageStatusContribution } from './storage-status-contribution';
import { storageLines } from './storage-view-lines';
import { remediation } from './storage-remediation';
import { nls } from '@theia/core/lib/common/nls';

@injectable()
export class StorageViewSection extends AbstractViewSection {
    @inject(StorageStatusContribution) protected readonly storage: StorageStatusContribution;
    @inject(CommandRegistry) protected readonly commands: CommandRegistry;

    readonly id = STORAGE_SECTION_ID;
    readonly title = nls.localize('theia-session-health/storage/sectionTitle', 'Storage');
    readonly order = SessionHealthSectionOrder.STORAGE;
    protected readonly rootClass = 'session-health-storage-section';

    get onDidChange(): StorageStatusContribution['onDidChangeReport'] {
        return this.storage.onDidChangeReport;
    }

    protected actions(): ViewSectionAction[] {
        return [
            { className: 'session-health-storage-recheck', label: nls.localize('theia-session-health/storage/checkAgainButton', 'Check again'), run: () => this.commands.executeCommand(StorageCommands.RECHECK.id) },
            { className: 'session-health-storage-persistence', label: nls.localize('theia-session-health/persistence/runCheckButton', 'Run Persistence Check'), run: () => this.commands.executeCommand(PERSISTENCE_CHECK_COMMAND_ID) }
        ];
    }

    protected content(): ReactNode[] {
        const report = this.storage.currentReport;
        return !report ? [h('div', { key: 'none' }, nls.localize('theia-session-health/storage/view.none', 'No workspace folder is open, or its storage has not been checked yet.'))]
            : [
                ...report.roots.map(r => this.root(r, nls.localize('theia-session-health/storage/view.workspace', 'Workspace'))),
                report.configDir && this.root(report.configDir, nls.localize('theia-session-health/storage/view.settingsDir', 'Settings directory'), false)
            ];
    }

    protected root(r: StorageClassification, what: string, withFix = true): ReactNode {
        const path = r.resolvedPath ?? r.path;
        return h('div', { key: `${what}:${path}`, className: 'session-health-storage-root', 'data-verdict': r.verdict, 'data-path': path },
            h('h4', null, `${what} ${path}`),
            h('table', { className: 'session-health-storage-lines' },
                h('tbody', null, ...storageLines(r).map(line => h('tr', { key: line.field },
                    h('td', { className: 'session-health-label' }, line.label),
                    h('td', { 'data-field': line.field }, line.value))))),
            withFix && r.verdict !== 'persistent' && this.fix(r));
    }

    protected fix(r: StorageClassification): ReactNode {
        const fix = remediation({ workspacePath: r.resolvedPath ?? r.path, containerName: r.kubernetes?.container, storageClass: r.kubernetes?.storageClass });
        const variant = (title: string, yaml: string, id: string) => [
            h('h5', { key: `${id}-h` }, title),
            // Focusable, so that a keyboard user can scroll the snippet (it is wider than the view).
            h('pre', {
                key: `${id}-pre`, className: 'session-health-storage-yaml', 'data-variant': id, tabIndex: 0, role: 'region',
                'aria-label': nls.localize('theia-session-health/storage/fix.yamlLabel', '{0} YAML', title)
            }, yaml),
            h('button', { key: `${id}-copy`, className: 'theia-button secondary', onClick: () => this.storage.copy(yaml) }, nls.localize('theia-session-health/storage/fix.copy', 'Copy {0}', title))
        ];
        return h('div', { className: 'session-health-storage-fix' },
            h('div', null, nls.localize('theia-session-health/storage/view.fix', 'Fix: mount a PersistentVolumeClaim at the workspace path: either a claim for a Deployment, or volumeClaimTemplates in a StatefulSet.')),
            ...variant('Deployment + PersistentVolumeClaim', fix.deployment, 'deployment'),
            ...variant('StatefulSet volumeClaimTemplates', fix.statefulSet, 'statefulset'));
    }
}
