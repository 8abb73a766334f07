// *****************************************************************************
// "Show fix": Kubernetes manifests that put the workspace on a PersistentVolumeClaim. Pure.
// Every user-supplied value is written as a JSON string, which is valid YAML whatever it contains.
// *****************************************************************************

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

const q = (s: string) => JSON.stringify(s);

export function remediation(input: RemediationInput): Remediation {
    const path = input.workspacePath || '/home/project';
    const container = input.containerName || 'theia';
    const claim = input.claimName || 'ide-workspace';
    const size = input.size || '10Gi';
    const storageClass = input.storageClass
        ? `  storageClassName: ${q(input.storageClass)}`
        : '  # storageClassName: standard   # your cluster\'s storage class; omit for the default one';
    const deployment = `# 1. A PersistentVolumeClaim for the workspace
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: ${q(claim)}
spec:
  accessModes: ["ReadWriteOnce"]
  resources:
    requests:
      storage: ${q(size)}
${storageClass}
---
# 2. In the IDE's Deployment: mount the claim at the workspace path (merge into your manifest)
apiVersion: apps/v1
kind: Deployment
metadata:
  name: theia-ide
spec:
  replicas: 1
  strategy:
    type: Recreate   # a ReadWriteOnce volume cannot be attached to the old and the new pod at once
  template:
    spec:
      containers:
        - name: ${q(container)}
          volumeMounts:
            - name: workspace
              mountPath: ${q(path)}
      volumes:
        - name: workspace
          persistentVolumeClaim:
            claimName: ${q(claim)}
`;
    const statefulSet = `# A StatefulSet gives each IDE replica its own claim (named workspace-<pod>)
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: theia-ide
spec:
  replicas: 1
  template:
    spec:
      containers:
        - name: ${q(container)}
          volumeMounts:
            - name: workspace
              mountPath: ${q(path)}
  volumeClaimTemplates:
    - metadata:
        name: workspace
      spec:
        accessModes: ["ReadWriteOnce"]
        resources:
          requests:
            storage: ${q(size)}
${storageClass.replace(/^ {2}/, '        ')}
`;
    return { deployment, statefulSet };
}
