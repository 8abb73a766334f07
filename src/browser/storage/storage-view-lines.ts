// *****************************************************************************
// A storage classification as separate labelled lines for the Session Health view (never run together). Pure.
// *****************************************************************************

import { StorageClassification } from '../../common/storage/storage-protocol';
import { lossWhen } from './storage-format';

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
    add('verdict', 'Verdict', r.verdict);
    add('kind', 'Kind', r.kind);
    add('mount-point', 'Mount point', e.mountPoint);
    add('filesystem', 'Filesystem', e.fsType);
    add('source', 'Mount source', e.source);
    add('mount-root', 'Root within the filesystem', e.mountRoot);
    add('statfs', 'Filesystem magic', e.statfsMagic && `${e.statfsMagic}${e.statfsName ? ` (${e.statfsName})` : ''}`);
    add('evidence', 'Evidence', e.reason);
    if (r.verdict !== 'persistent') {
        add('loss', 'Files are', lossWhen(r));
    }
    add('decided-by', 'Decided by', r.decidedBy);
    const k = r.kubernetes;
    if (k) {
        add('pod', 'Pod', `${k.namespace}/${k.pod}${k.container ? ` (container ${k.container})` : ''}`);
        add('volume', 'Volume', k.volumeName && `${k.volumeName}${k.volumeType ? ` (${k.volumeType})` : ''}`);
        add('claim', 'Claim', k.claimName && `${k.claimName}${k.storageClass ? `, storage class ${k.storageClass}` : ''}${k.ownedByPod ? ', owned by the pod' : ''}`);
    }
    r.notes.forEach((note, i) => add(`note-${i}`, 'Note', note));
    add('checked-at', 'Checked at', new Date(r.checkedAt).toLocaleString());
    return lines;
}
