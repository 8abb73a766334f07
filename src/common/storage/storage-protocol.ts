// *****************************************************************************
// Where a path lives: the result of the storage classifier and the RPC contract around it.
// Field names are public contracts (CLI `--json`, RPC), never renamed.
// *****************************************************************************

export type StorageVerdict = 'persistent' | 'ephemeral' | 'node-local' | 'unknown';
export const STORAGE_VERDICTS: readonly StorageVerdict[] = ['persistent', 'ephemeral', 'node-local', 'unknown'];

export type StorageKind =
    'container-overlay' | 'tmpfs' | 'empty-dir' | 'block-volume' | 'csi-volume' | 'network' | 'host-path' | 'unknown';
export const STORAGE_KINDS: readonly StorageKind[] = [
    'container-overlay', 'tmpfs', 'empty-dir', 'block-volume', 'csi-volume', 'network', 'host-path', 'unknown'
];

/** Which source decided the verdict: the local mount table, the Kubernetes pod API, or an admin declaration. */
export type StorageDecider = 'mountinfo' | 'kubernetes' | 'admin';

export interface StorageEvidence {
    /** The raw line of /proc/self/mountinfo of the mount that holds the path. */
    mountInfoLine?: string;
    /** Where that mount is mounted (decoded). */
    mountPoint?: string;
    /** The directory of the mounted filesystem that appears at the mount point (`/` = its root). */
    mountRoot?: string;
    fsType?: string;
    /** The mount source (device, server:/export, `overlay`, `tmpfs`, ...). */
    source?: string;
    /** `major:minor` of the filesystem. */
    device?: string;
    /** The filesystem magic number from statfs(2), as hex (`0xef53`). */
    statfsMagic?: string;
    /** A name for that magic number, when known (`ext4`, `tmpfs`, ...). */
    statfsName?: string;
    /** One line in plain words: why this verdict. */
    reason: string;
}

/** What the Kubernetes API said about the volume under the path. */
export interface KubernetesStorageEvidence {
    namespace: string;
    pod: string;
    container?: string;
    /** The volumeMount's mountPath that holds the path; absent when no volume holds it (container filesystem). */
    mountPath?: string;
    volumeName?: string;
    /** `persistentVolumeClaim`, `ephemeral`, `emptyDir`, `hostPath`, `nfs`, ... */
    volumeType?: string;
    claimName?: string;
    storageClass?: string;
    accessModes?: string[];
    /** The claim is owned by the pod (a generic ephemeral volume): deleted with the pod. */
    ownedByPod?: boolean;
    emptyDirMedium?: string;
}

export interface StorageClassification {
    /** The path that was asked about. */
    path: string;
    /** The path with symlinks resolved (what was looked up). */
    resolvedPath?: string;
    verdict: StorageVerdict;
    kind: StorageKind;
    decidedBy: StorageDecider;
    evidence: StorageEvidence;
    /** The verdict from the local mount table, kept when another source decided. */
    mountinfo?: { verdict: StorageVerdict; kind: StorageKind; reason: string };
    /** Present when the Kubernetes API was asked and answered. */
    kubernetes?: KubernetesStorageEvidence;
    /** Further remarks: why the API was not used, disagreements between sources, ... */
    notes: string[];
    /** When the classification was made (ISO 8601). */
    checkedAt: string;
}

export const STORAGE_SERVICE_PATH = '/services/session-health-storage';

export interface WorkspaceStorageRequest {
    /** Workspace root URIs (`file://...`) or paths. */
    roots: string[];
    /** `sessionHealth.storage.persistentMountPatterns` */
    persistentMountPatterns?: string[];
    /** `sessionHealth.storage.ephemeralMountPatterns` */
    ephemeralMountPatterns?: string[];
}

export interface WorkspaceStorageReport {
    roots: StorageClassification[];
    /** The Theia configuration directory (settings, extensions, recent workspaces). */
    configDir?: StorageClassification;
}

export const StorageClassificationService = Symbol('StorageClassificationService');
export interface StorageClassificationService {
    /**
     * Classifies the workspace roots (admin env override applies) and the Theia configuration directory. A root
     * outside the workspace the backend has open comes back `unknown`, its reason starting with `Refused:`.
     */
    classifyWorkspace(request: WorkspaceStorageRequest): Promise<WorkspaceStorageReport>;
    /**
     * Classifies a path inside an open workspace root or Theia's configuration directory (settings patterns apply,
     * the workspace env override does not); rejects any other path with the reason.
     */
    classifyPath(path: string, request?: Omit<WorkspaceStorageRequest, 'roots'>): Promise<StorageClassification>;
}

/** Environment variable: an admin declares the workspace storage `persistent` or `ephemeral`. */
export const WORKSPACE_STORAGE_ENV = 'SESSION_HEALTH_WORKSPACE_STORAGE';
