// *****************************************************************************
// "Show fix": the manifests that put the workspace on a PersistentVolumeClaim, with copy buttons.
// *****************************************************************************

import { AbstractDialog } from '@theia/core/lib/browser/dialogs';
import { Remediation } from './storage-remediation';
import { StorageClassification } from '../../common/storage/storage-protocol';
import { nls } from '@theia/core/lib/common/nls';

export class StorageFixDialog extends AbstractDialog<void> {
    constructor(result: StorageClassification, fix: Remediation, copy: (text: string) => void) {
        super({ title: nls.localize('theia-session-health/storage/fix.title', 'Put the workspace on a PersistentVolumeClaim'), maxWidth: 900 });
        this.addClass('session-health-storage-fix');
        const body = document.createElement('div');
        body.classList.add('session-health-storage-fix-body');
        const intro = document.createElement('p');
        intro.textContent = nls.localize('theia-session-health/storage/fix.intro', '{0} is {1} ({2}): {3} Mount a PersistentVolumeClaim at the workspace path: either a claim for a Deployment, or volumeClaimTemplates in a StatefulSet.',
            result.resolvedPath ?? result.path, result.verdict, result.kind, result.evidence.reason);
        body.appendChild(intro);
        const section = (title: string, yaml: string, id: string) => {
            const heading = document.createElement('h4');
            heading.textContent = title;
            const pre = document.createElement('pre');
            pre.classList.add('session-health-storage-yaml');
            pre.dataset.variant = id;
            pre.textContent = yaml;
            pre.style.userSelect = 'text';
            pre.style.maxHeight = '40vh';
            pre.style.overflow = 'auto';
            // Focusable, so that a keyboard user can scroll the snippet.
            pre.tabIndex = 0;
            pre.setAttribute('role', 'region');
            pre.setAttribute('aria-label', nls.localize('theia-session-health/storage/fix.yamlLabel', '{0} YAML', title));
            const button = this.createButton(nls.localize('theia-session-health/storage/fix.copy', 'Copy {0}', title));
            button.classList.add('secondary');
            button.addEventListener('click', () => copy(yaml));
            body.append(heading, pre, button);
        };
        section('Deployment + PersistentVolumeClaim', fix.deployment, 'deployment');
        section('StatefulSet volumeClaimTemplates', fix.statefulSet, 'statefulset');
        this.contentNode.appendChild(body);
        this.appendAcceptButton(nls.localize('theia-session-health/storage/fix.close', 'Close'));
    }

    get value(): void {
        return undefined;
    }
}
