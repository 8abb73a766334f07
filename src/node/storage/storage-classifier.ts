// *****************************************************************************
// The storage classifier: from the mount that holds a path (and the statfs magic) to a verdict.
// Pure logic; never throws: anything it cannot tell is `unknown` with a reason.
// *****************************************************************************

import { findMount, MountInfoEntry, MountInfoParseResult } from './mountinfo-parser';
import { formatMagic, magicName, magicNameForFsType, sameFamily } from './filesystem-magic';
import { StorageEvidence, StorageKind, StorageVerdict } from '../../common/storage/storage-protocol';

export interface MountClassifierInput {
    /** Absolute path, symlinks already resolved. */
    path: string;
    /** `process.platform`. */
    platform: string;
    /** The parsed mount table, or undefined when it could not be read. */
    mountInfo?: MountInfoParseResult;
    /** Why the mount table could not be read. */
    mountInfoError?: string;
    /** statfs(2) f_type of the path. */
    statfsMagic?: number;
    statfsError?: string;
}

export interface MountVerdict {
    verdict: StorageVerdict;
    kind: StorageKind;
    evidence: StorageEvidence;
    notes: string[];
    /** The mount that holds the path, when found. */
    mount?: MountInfoEntry;
}

const OVERLAY_TYPES = new Set(['overlay', 'overlayfs', 'aufs', 'fuse.fuse-overlayfs']);
const MEMORY_TYPES = new Set(['tmpfs', 'ramfs', 'devtmpfs', 'shm']);
const NETWORK_TYPES = new Set([
    'nfs', 'nfs4', 'cifs', 'smb3', 'smbfs', 'ceph', 'glusterfs', 'fuse.glusterfs', 'fuse.gcsfuse', 'fuse.s3fs', 'fuse.ceph-fuse',
    'fuse.juicefs', 'juicefs', 'fuse.rclone', 'fuse.sshfs', 'fuse.blobfuse', 'fuse.blobfuse2', 'fuse.goofys', 'fuse.mountpoint-s3',
    'fuse.efs', 'efs', 'lustre', 'gpfs', 'beegfs', 'afs', 'ocfs2', 'gfs2', 'fuse.lizardfs', 'fuse.moosefs', 'fuse.weed'
]);
const DISK_TYPES = new Set(['ext2', 'ext3', 'ext4', 'xfs', 'btrfs', 'zfs', 'f2fs', 'reiserfs', 'jfs', 'vfat', 'exfat', 'ntfs', 'ntfs3', 'bcachefs', 'nilfs2']);
/** Mount points in a pod that the kubelet fills from the node's own disk. */
const NODE_DISK_MOUNT_POINTS = new Set(['/etc/hosts', '/etc/hostname', '/etc/resolv.conf', '/dev/termination-log']);
const BLOCK_PLUGINS = new Set(['aws-ebs', 'gce-pd', 'azure-disk', 'cinder', 'rbd', 'iscsi', 'fc', 'vsphere-volume', 'portworx-volume']);

const KUBELET_VOLUME = /\/volumes\/kubernetes\.io~([^/]+)\/([^/]+)/;

function isDisk(m: MountInfoEntry): boolean {
    return DISK_TYPES.has(m.fsType) && (m.source.startsWith('/dev/') || m.fsType === 'zfs' || m.fsType === 'btrfs');
}

/** Devices that are the node's (or this machine's) own disk. */
export function nodeDiskDevices(entries: readonly MountInfoEntry[]): Set<string> {
    const devices = new Set<string>();
    for (const m of entries) {
        if (!isDisk(m)) {
            continue;
        }
        // Kubelet pod files (etc-hosts, containers/...) and emptyDirs live on the node's disk; a volume
        // plugin's directory (csi, ...) may be another device, so it says nothing about the node disk.
        const kubeletPodFile = m.root.includes('/kubelet/pods/') && (!m.root.includes('/volumes/') || m.root.includes('/volumes/kubernetes.io~empty-dir/'));
        if (m.mountPoint === '/' || NODE_DISK_MOUNT_POINTS.has(m.mountPoint) || kubeletPodFile
            || m.root.startsWith('/var/lib/docker/') || m.root.startsWith('/var/lib/containerd/') || m.root.startsWith('/var/lib/containers/')) {
            devices.add(m.device);
        }
    }
    return devices;
}

function describe(m: MountInfoEntry): string {
    return `${m.fsType} from ${m.source || '?'}`;
}

/** Verdict from the mount alone. */
export function classifyMountEntry(m: MountInfoEntry, entries: readonly MountInfoEntry[]): { verdict: StorageVerdict; kind: StorageKind; reason: string } {
    const at = m.mountPoint;
    // A kubelet volume directory says what it is, whatever filesystem the node keeps it on.
    const volume = KUBELET_VOLUME.exec(m.root);
    if (volume) {
        const [, plugin, name] = volume;
        if (plugin === 'empty-dir') {
            return {
                verdict: 'ephemeral', kind: 'empty-dir',
                reason: `An emptyDir volume (${name}) on the node's disk: survives a container restart, deleted when this pod is deleted or moves to another node.`
            };
        }
        if (plugin === 'csi') {
            return name.startsWith('pvc-')
                ? {
                    verdict: 'persistent', kind: 'csi-volume',
                    reason: `A CSI persistent volume (${name}) mounted at ${at}: survives pod deletion, unless its claim is a generic ephemeral volume owned by the pod.`
                }
                : { verdict: 'unknown', kind: 'csi-volume', reason: `An inline CSI volume (${name}) at ${at}: whether it survives the pod depends on its driver.` };
        }
        if (plugin === 'nfs' || plugin === 'glusterfs' || plugin === 'cephfs' || plugin === 'azure-file') {
            return { verdict: 'persistent', kind: 'network', reason: `A ${plugin} volume (${name}) on the network: survives pod deletion.` };
        }
        if (BLOCK_PLUGINS.has(plugin)) {
            return { verdict: 'persistent', kind: 'block-volume', reason: `A ${plugin} persistent disk (${name}): survives pod deletion.` };
        }
        if (plugin === 'local-volume') {
            return { verdict: 'node-local', kind: 'host-path', reason: `A local PersistentVolume (${name}) on one node's disk: kept, but lost if that node goes away.` };
        }
        if (plugin === 'secret' || plugin === 'configmap' || plugin === 'projected' || plugin === 'downward-api') {
            return { verdict: 'ephemeral', kind: MEMORY_TYPES.has(m.fsType) ? 'tmpfs' : 'unknown', reason: `A ${plugin} volume (${name}): rewritten by the kubelet, never a place for work.` };
        }
    }
    if (OVERLAY_TYPES.has(m.fsType)) {
        return {
            verdict: 'ephemeral', kind: 'container-overlay',
            reason: at === '/'
                ? 'On the container\'s own filesystem (overlay): deleted when this container restarts or the pod is deleted.'
                : `On an overlay filesystem mounted at ${at}: its writable layer is thrown away with the container.`
        };
    }
    if (MEMORY_TYPES.has(m.fsType)) {
        return {
            verdict: 'ephemeral', kind: 'tmpfs',
            reason: `In memory (${m.fsType} at ${at}): deleted when this pod is deleted or restarted, or the machine reboots; it also counts against the memory limit.`
        };
    }
    if (NETWORK_TYPES.has(m.fsType)) {
        return {
            verdict: 'persistent', kind: 'network',
            reason: `On a network filesystem (${describe(m)}) at ${at}: survives pod deletion and can be shared between pods.`
        };
    }
    if (isDisk(m)) {
        if (at === '/') {
            return {
                verdict: 'node-local', kind: 'host-path',
                reason: `On this machine's own root disk (${describe(m)}): kept while this machine lives, but not a persistent volume; lost if the IDE moves to another machine.`
            };
        }
        if (nodeDiskDevices(entries).has(m.device)) {
            return {
                verdict: 'node-local', kind: 'host-path',
                reason: m.root === '/'
                    ? `On the node's own disk (${describe(m)}) mounted at ${at}: lost when the pod moves to another node.`
                    : `A directory of the node's disk (${m.root} on ${m.source}) mounted at ${at}, like a hostPath volume: lost when the pod moves to another node.`
            };
        }
        return {
            verdict: 'persistent', kind: 'block-volume',
            reason: m.root === '/'
                ? `Its own block device (${describe(m)}) mounted at ${at}, as a PersistentVolume on a cloud disk appears: survives pod deletion.`
                : `A subdirectory (${m.root}) of its own block device (${describe(m)}) mounted at ${at}, as a subPath of a PersistentVolume appears: survives pod deletion.`
        };
    }
    if (m.fsType.startsWith('fuse')) {
        return { verdict: 'unknown', kind: 'unknown', reason: `A FUSE filesystem (${describe(m)}) at ${at}: whether it is persistent depends on what backs it.` };
    }
    return { verdict: 'unknown', kind: 'unknown', reason: `An unrecognised filesystem (${describe(m)}) at ${at}.` };
}

/** Verdict from the statfs magic alone (no usable mount table). */
function classifyMagicOnly(name: string | undefined, why: string): { verdict: StorageVerdict; kind: StorageKind; reason: string } {
    switch (name) {
        case 'tmpfs': case 'ramfs':
            return { verdict: 'ephemeral', kind: 'tmpfs', reason: `In memory (${name}): deleted when this pod is deleted or restarted. (${why})` };
        case 'overlay': case 'aufs':
            return { verdict: 'ephemeral', kind: 'container-overlay', reason: `On the container's own filesystem (${name}): deleted when this container restarts. (${why})` };
        case 'nfs': case 'cifs': case 'smb2': case 'ceph':
            return { verdict: 'persistent', kind: 'network', reason: `On a network filesystem (${name}). (${why})` };
        case undefined:
            return { verdict: 'unknown', kind: 'unknown', reason: `${why}, and the filesystem type is not known either.` };
        default:
            return {
                verdict: 'unknown', kind: 'unknown',
                reason: `The filesystem is ${name}, which could be a persistent volume or the node's disk; cannot tell without the mount table. (${why})`
            };
    }
}

export function classifyMount(input: MountClassifierInput): MountVerdict {
    const notes: string[] = [];
    const magicFields: Partial<StorageEvidence> = {};
    if (input.statfsMagic !== undefined) {
        magicFields.statfsMagic = formatMagic(input.statfsMagic);
        const name = magicName(input.statfsMagic);
        if (name) {
            magicFields.statfsName = name;
        }
    } else if (input.statfsError) {
        notes.push(`statfs failed: ${input.statfsError}`);
    }
    if (input.platform !== 'linux') {
        return {
            verdict: 'unknown', kind: 'unknown', notes,
            evidence: { ...magicFields, reason: `Storage classification needs Linux and /proc/self/mountinfo; this host runs ${input.platform}.` }
        };
    }
    if (!input.path.startsWith('/')) {
        return { verdict: 'unknown', kind: 'unknown', notes, evidence: { ...magicFields, reason: `"${input.path}" is not an absolute path.` } };
    }
    const entries = input.mountInfo?.entries ?? [];
    if (input.mountInfo && input.mountInfo.errors.length > 0) {
        notes.push(`${input.mountInfo.errors.length} malformed mountinfo line(s) ignored (first: line ${input.mountInfo.errors[0].lineNumber}: ${input.mountInfo.errors[0].reason})`);
    }
    const mount = entries.length > 0 ? findMount(entries, input.path) : undefined;
    if (!mount) {
        const why = input.mountInfoError
            ? `/proc/self/mountinfo could not be read (${input.mountInfoError})`
            : entries.length === 0 ? '/proc/self/mountinfo has no usable entries' : `no mount in /proc/self/mountinfo holds ${input.path}`;
        const r = classifyMagicOnly(magicFields.statfsName, why);
        return { verdict: r.verdict, kind: r.kind, notes, evidence: { ...magicFields, reason: r.reason } };
    }
    const evidence: StorageEvidence = {
        mountInfoLine: mount.line,
        mountPoint: mount.mountPoint,
        mountRoot: mount.root,
        fsType: mount.fsType,
        source: mount.source,
        device: mount.device,
        ...magicFields,
        reason: ''
    };
    let r = classifyMountEntry(mount, entries);
    const expected = magicNameForFsType(mount.fsType);
    if (magicFields.statfsName && expected && !sameFamily(expected, magicFields.statfsName)) {
        const conflict = `the mount table says ${mount.fsType} at ${mount.mountPoint}, but statfs reports ${magicFields.statfsName} (${magicFields.statfsMagic})`;
        notes.push(`Sources disagree: ${conflict}.`);
        const byMagic = classifyMagicOnly(magicFields.statfsName, `mount table disagrees: ${conflict}`);
        r = byMagic.verdict === 'unknown' ? { ...byMagic, reason: `Sources disagree: ${conflict}.` } : byMagic;
    }
    evidence.reason = r.reason;
    return { verdict: r.verdict, kind: r.kind, evidence, notes, mount };
}
