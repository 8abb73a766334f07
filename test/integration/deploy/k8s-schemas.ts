// *****************************************************************************
// Minimal, strict JSON schemas (draft-07) for the Kubernetes kinds and fields that deploy/ uses.
// Field names, types and enums follow the Kubernetes 1.32 OpenAPI schemas, the GKE BackendConfig
// CRD (cloud.google.com/v1) and the Prometheus Operator PodMonitor CRD (monitoring.coreos.com/v1).
// Strict: an unknown or misspelt field is an error (as `kubectl apply --validate=strict` would say).
// Only the subset deploy/ needs: a field added to deploy/ must be added here too.
// *****************************************************************************

type Schema = Record<string, unknown>;

const str: Schema = { type: 'string' };
const int: Schema = { type: 'integer' };
const bool: Schema = { type: 'boolean' };
const intOrString: Schema = { type: ['integer', 'string'] };
const quantity: Schema = { type: ['string', 'number'] };
const stringMap: Schema = { type: 'object', additionalProperties: str };
const arrayOf = (items: Schema, minItems = 0): Schema => ({ type: 'array', items, minItems });
const strict = (properties: Record<string, Schema>, required: string[] = []): Schema => ({ type: 'object', additionalProperties: false, properties, required });
const duration: Schema = { type: 'string', pattern: '^(0|(([0-9]+)y)?(([0-9]+)w)?(([0-9]+)d)?(([0-9]+)h)?(([0-9]+)m)?(([0-9]+)s)?(([0-9]+)ms)?)$' };

const objectMeta = strict({ name: str, namespace: str, labels: stringMap, annotations: stringMap }, ['name']);
const labelSelector = strict({ matchLabels: stringMap, matchExpressions: arrayOf({ type: 'object' }) });

const httpGet = strict({ path: str, port: intOrString, host: str, scheme: { enum: ['HTTP', 'HTTPS'] }, httpHeaders: arrayOf(strict({ name: str, value: str }, ['name', 'value'])) }, ['port']);
const probe = strict({
    httpGet, tcpSocket: strict({ port: intOrString, host: str }, ['port']), exec: strict({ command: arrayOf(str) }),
    initialDelaySeconds: int, periodSeconds: { type: 'integer', minimum: 1 }, timeoutSeconds: { type: 'integer', minimum: 1 },
    failureThreshold: { type: 'integer', minimum: 1 }, successThreshold: { type: 'integer', minimum: 1 }, terminationGracePeriodSeconds: int
});
const envVar = strict({
    name: str, value: str,
    valueFrom: strict({
        fieldRef: strict({ fieldPath: str, apiVersion: str }, ['fieldPath']),
        secretKeyRef: strict({ name: str, key: str, optional: bool }, ['key']),
        configMapKeyRef: strict({ name: str, key: str, optional: bool }, ['key'])
    })
}, ['name']);
const container = strict({
    name: str, image: str, imagePullPolicy: { enum: ['Always', 'IfNotPresent', 'Never'] }, command: arrayOf(str), args: arrayOf(str), workingDir: str,
    ports: arrayOf(strict({ name: { type: 'string', maxLength: 15 }, containerPort: { type: 'integer', minimum: 1, maximum: 65535 }, protocol: { enum: ['TCP', 'UDP', 'SCTP'] } }, ['containerPort'])),
    env: arrayOf(envVar), readinessProbe: probe, livenessProbe: probe, startupProbe: probe,
    resources: strict({ requests: { type: 'object', additionalProperties: quantity }, limits: { type: 'object', additionalProperties: quantity } }),
    volumeMounts: arrayOf(strict({ name: str, mountPath: str, readOnly: bool, subPath: str }, ['name', 'mountPath'])),
    lifecycle: strict({ preStop: { type: 'object' }, postStart: { type: 'object' } }),
    securityContext: { type: 'object' }
}, ['name']);
const podSpec = strict({
    serviceAccountName: str, automountServiceAccountToken: bool, terminationGracePeriodSeconds: { type: 'integer', minimum: 0 },
    securityContext: strict({
        runAsNonRoot: bool, runAsUser: int, runAsGroup: int, fsGroup: int, supplementalGroups: arrayOf(int),
        fsGroupChangePolicy: { enum: ['OnRootMismatch', 'Always'] }, seccompProfile: { type: 'object' }
    }),
    containers: arrayOf(container, 1), initContainers: arrayOf(container),
    volumes: arrayOf({ type: 'object', required: ['name'] }), nodeSelector: stringMap, affinity: { type: 'object' }, tolerations: arrayOf({ type: 'object' })
}, ['containers']);
const typeMeta = (apiVersion: string, kind: string) => ({ apiVersion: { const: apiVersion }, kind: { const: kind }, metadata: objectMeta });

const statefulSet = strict({
    ...typeMeta('apps/v1', 'StatefulSet'),
    spec: strict({
        serviceName: str, replicas: { type: 'integer', minimum: 0 }, selector: labelSelector, podManagementPolicy: { enum: ['OrderedReady', 'Parallel'] },
        template: strict({ metadata: strict({ labels: stringMap, annotations: stringMap }), spec: podSpec }, ['spec']),
        volumeClaimTemplates: arrayOf(strict({
            metadata: objectMeta,
            spec: strict({
                accessModes: arrayOf({ enum: ['ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOncePod'] }, 1),
                resources: strict({ requests: strict({ storage: quantity }, ['storage']) }, ['requests']), storageClassName: str
            }, ['accessModes', 'resources'])
        }, ['metadata', 'spec'])),
        persistentVolumeClaimRetentionPolicy: strict({ whenDeleted: { enum: ['Retain', 'Delete'] }, whenScaled: { enum: ['Retain', 'Delete'] } }),
        updateStrategy: { type: 'object' }
    }, ['selector', 'template'])
}, ['apiVersion', 'kind', 'metadata', 'spec']);

const deployment = strict({
    ...typeMeta('apps/v1', 'Deployment'),
    spec: strict({
        replicas: { type: 'integer', minimum: 0 }, selector: labelSelector, strategy: { type: 'object' }, revisionHistoryLimit: int,
        template: strict({ metadata: strict({ labels: stringMap, annotations: stringMap }), spec: podSpec }, ['spec'])
    }, ['selector', 'template'])
}, ['apiVersion', 'kind', 'metadata', 'spec']);

const service = strict({
    ...typeMeta('v1', 'Service'),
    spec: strict({
        type: { enum: ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'] }, clusterIP: str, selector: stringMap,
        sessionAffinity: { enum: ['ClientIP', 'None'] },
        sessionAffinityConfig: strict({ clientIP: strict({ timeoutSeconds: { type: 'integer', minimum: 1, maximum: 86400 } }) }),
        ports: arrayOf(strict({ name: str, port: { type: 'integer', minimum: 1, maximum: 65535 }, targetPort: intOrString, protocol: { enum: ['TCP', 'UDP', 'SCTP'] }, nodePort: int }, ['port']), 1)
    }, ['ports'])
}, ['apiVersion', 'kind', 'metadata', 'spec']);

const serviceAccount = strict({ ...typeMeta('v1', 'ServiceAccount'), automountServiceAccountToken: bool }, ['apiVersion', 'kind', 'metadata']);

const role = strict({
    ...typeMeta('rbac.authorization.k8s.io/v1', 'Role'),
    rules: arrayOf(strict({
        apiGroups: arrayOf(str), resources: arrayOf(str), resourceNames: arrayOf(str),
        verbs: arrayOf({ enum: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection', '*'] }, 1)
    }, ['verbs']))
}, ['apiVersion', 'kind', 'metadata']);

const roleBinding = strict({
    ...typeMeta('rbac.authorization.k8s.io/v1', 'RoleBinding'),
    roleRef: strict({ apiGroup: { const: 'rbac.authorization.k8s.io' }, kind: { enum: ['Role', 'ClusterRole'] }, name: str }, ['apiGroup', 'kind', 'name']),
    subjects: arrayOf(strict({ kind: { enum: ['ServiceAccount', 'User', 'Group'] }, name: str, namespace: str, apiGroup: str }, ['kind', 'name']))
}, ['apiVersion', 'kind', 'metadata', 'roleRef']);

const ingressBackend = strict({ service: strict({ name: str, port: strict({ number: { type: 'integer', minimum: 1, maximum: 65535 }, name: str }) }, ['name']), resource: { type: 'object' } });
const ingress = strict({
    ...typeMeta('networking.k8s.io/v1', 'Ingress'),
    spec: strict({
        ingressClassName: str, defaultBackend: ingressBackend, tls: arrayOf(strict({ hosts: arrayOf(str), secretName: str })),
        rules: arrayOf(strict({
            host: str,
            http: strict({ paths: arrayOf(strict({ path: str, pathType: { enum: ['Exact', 'Prefix', 'ImplementationSpecific'] }, backend: ingressBackend }, ['pathType', 'backend']), 1) }, ['paths'])
        }))
    })
}, ['apiVersion', 'kind', 'metadata', 'spec']);

const backendConfig = strict({
    ...typeMeta('cloud.google.com/v1', 'BackendConfig'),
    spec: strict({
        timeoutSec: { type: 'integer', minimum: 1 },
        connectionDraining: strict({ drainingTimeoutSec: { type: 'integer', minimum: 0, maximum: 3600 } }),
        sessionAffinity: strict({ affinityType: { enum: ['CLIENT_IP', 'CLIENT_IP_PORT_PROTO', 'CLIENT_IP_PROTO', 'GENERATED_COOKIE', 'HEADER_FIELD', 'HTTP_COOKIE', 'NONE'] }, affinityCookieTtlSec: int }),
        cdn: strict({ enabled: bool, cachePolicy: { type: 'object' } }),
        healthCheck: strict({
            checkIntervalSec: int, timeoutSec: int, healthyThreshold: int, unhealthyThreshold: int,
            type: { enum: ['HTTP', 'HTTPS', 'HTTP2'] }, requestPath: { type: 'string', pattern: '^/' }, port: int
        }),
        iap: { type: 'object' }, securityPolicy: { type: 'object' }, logging: { type: 'object' }, customRequestHeaders: { type: 'object' }
    })
}, ['apiVersion', 'kind', 'metadata', 'spec']);

const podMonitor = strict({
    ...typeMeta('monitoring.coreos.com/v1', 'PodMonitor'),
    spec: strict({
        selector: labelSelector, namespaceSelector: { type: 'object' }, jobLabel: str,
        podMetricsEndpoints: arrayOf(strict({ port: str, path: str, interval: duration, scrapeTimeout: duration, scheme: { enum: ['http', 'https'] }, authorization: { type: 'object' } }), 1)
    }, ['selector'])
}, ['apiVersion', 'kind', 'metadata', 'spec']);

export const K8S_SCHEMAS: Record<string, Schema> = {
    StatefulSet: statefulSet,
    Deployment: deployment,
    Service: service,
    ServiceAccount: serviceAccount,
    Role: role,
    RoleBinding: roleBinding,
    Ingress: ingress,
    BackendConfig: backendConfig,
    PodMonitor: podMonitor
};
