// *****************************************************************************
// A storage classification as separate labelled lines for the Session Health view (never run together). Pure.
// *****************************************************************************

import { StorageClassification } from '../../common/storage/storage-protocol';
import { lossWhen } from './storage-format';
import { nls } from '@theia/core/lib/common/nls';

export interface StorageLine {
    field: string;
    label: string;
    value: string;
}

export function storageLines(r: StorageClassification): StorageLine[] {
    const lines: StorageLine[] = [];
    const add = (field: string, label: string, value: string | undefined) => {
        if (value !== undefined && value !== '') {
            lines.push({ field, label, value });
        }
    };
    const e = r.evidence;
    add('verdict', nls.localize('theia-session-health/storage/line.verdict', 'Verdict'), r.verdict);
    add('kind', nls.localize('theia-session-health/storage/line.kind', 'Kind'), r.kind);
    add('mount-point', nls.localize('theia-session-health/storage/line.mount-point', 'Mount point'), e.mountPoint);
    add('filesystem', nls.localize('theia-session-health/storage/line.filesystem', 'Filesystem'), e.fsType);
    add('source', nls.localize('theia-session-health/storage/line.source', 'Mount source'), e.source);
    add('mount-root', nls.localize('theia-session-health/storage/line.mount-root', 'Root within the filesystem'), e.mountRoot);
    add('statfs', nls.localize('theia-session-health/storage/line.statfs', 'Filesystem magic'), e.statfsMagic && `${e.statfsMagic}${e.statfsName ? ` (${e.statfsName})` : ''}`);
    add('evidence', nls.localize('theia-session-health/storage/line.evidence', 'Evidence'), e.reason);
    if (r.verdict !== 'persistent') {
        add('loss', nls.localize('theia-session-health/storage/line.loss', 'Files are'), lossWhen(r));
    }
    add('decided-by', nls.localize('theia-session-health/storage/line.decided-by', 'Decided by'), r.decidedBy);
    const k = r.kubernetes;
    if (k) {
        add('pod', nls.localize('theia-session-health/storage/line.pod', 'Pod'), `${k.namespace}/${k.pod}${k.container ? ` (container ${k.container})` : ''}`);
        add('volume', nls.localize('theia-session-health/storage/line.volume', 'Volume'), k.volumeName && `${k.volumeName}${k.volumeType ? ` (${k.volumeType})` : ''}`);
        add('claim', nls.localize('theia-session-health/storage/line.claim', 'Claim'), k.claimName && `${k.claimName}${k.storageClass ? `, storage class ${k.storageClass}` : ''}${k.ownedByPod ? ', owned by the pod' : ''}`);
    }
    r.notes.forEach((note, i) => add(`note-${i}`, nls.localize('theia-session-health/storage/line.note', 'Note'), note));
    add('checked-at', nls.localize('theia-session-health/storage/line.checked-at', 'Checked at'), new Date(r.checkedAt).toLocaleString());
    return lines;
}
