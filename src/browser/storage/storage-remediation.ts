// *****************************************************************************
// "Show fix": Kubernetes manifests that put the workspace on a PersistentVolumeClaim. Pure.
// Built as objects from the values deploy/ uses and rendered by common/text/yaml-text, so every value,
// whatever characters it has, is valid YAML by construction.
// *****************************************************************************

import { yamlText } from '../../common/text/yaml-text';
import {
    IDE_CONTAINER_NAME, IDE_NAME, renderYaml, WORKSPACE_ACCESS_MODES, WORKSPACE_PATH, WORKSPACE_STORAGE_REQUEST, WORKSPACE_VOLUME
} from '../../common/deployment/deployment-defaults';

export interface RemediationInput {
    workspacePath: string;
    /** The IDE container's name, when known from the pod. */
    containerName?: string;
    storageClass?: string;
    size?: string;
    claimName?: string;
}

export interface Remediation {
    deployment: string;
    statefulSet: string;
}

const DEFAULT_CLAIM = 'ide-workspace';
const STORAGE_CLASS_HINT = ' storageClassName: standard   # your cluster\'s storage class; omit for the default one';

function claimSpec(size: string, storageClass: string | undefined): Record<string, unknown> {
    return {
        accessModes: [...WORKSPACE_ACCESS_MODES],
        resources: { requests: { storage: size } },
        ...(storageClass ? { storageClassName: storageClass } : {})
    };
}

/** One YAML document with a leading comment; `hintAt` gets the storage class hint when no class is given. */
function render(comment: string, value: object, hintAt: (string | number)[] | undefined): string {
    return yamlText({ comment: ' ' + comment, value, trailingComments: hintAt ? [{ at: hintAt, comment: STORAGE_CLASS_HINT }] : [] });
}

export function remediation(input: RemediationInput): Remediation {
    const path = input.workspacePath || WORKSPACE_PATH;
    const container = input.containerName || IDE_CONTAINER_NAME;
    const claim = input.claimName || DEFAULT_CLAIM;
    const size = input.size || WORKSPACE_STORAGE_REQUEST;
    const hint = input.storageClass ? undefined : ['spec'];
    const mount = { name: container, volumeMounts: [{ name: WORKSPACE_VOLUME, mountPath: path }] };
    const pvc = render('1. A PersistentVolumeClaim for the workspace', {
        apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: claim }, spec: claimSpec(size, input.storageClass)
    }, hint);
    const deployment = renderYaml({
        comment: '2. In the IDE\'s Deployment: mount the claim at the workspace path (merge into your manifest). '
            + 'strategy Recreate: a ReadWriteOnce volume cannot be attached to the old and the new pod at once',
        value: {
            apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: IDE_NAME },
            spec: {
                replicas: 1,
                strategy: { type: 'Recreate' },
                template: { spec: { containers: [mount], volumes: [{ name: WORKSPACE_VOLUME, persistentVolumeClaim: { claimName: claim } }] } }
            }
        }
    });
    const statefulSet = render(`A StatefulSet gives each IDE replica its own claim (named ${WORKSPACE_VOLUME}-<pod>)`, {
        apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: IDE_NAME },
        spec: {
            replicas: 1,
            template: { spec: { containers: [mount] } },
            volumeClaimTemplates: [{ metadata: { name: WORKSPACE_VOLUME }, spec: claimSpec(size, input.storageClass) }]
        }
    }, input.storageClass ? undefined : ['spec', 'volumeClaimTemplates', 0, 'spec']);
    return { deployment: `${pvc}---\n${deployment}\n`, statefulSet };
}
