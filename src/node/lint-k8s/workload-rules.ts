// *****************************************************************************
// The IDE pod itself: WORKSPACE_NOT_PERSISTENT, NO_READINESS_PROBE, NO_LIVENESS_PROBE,
// HEALTHCHECK_PATH_MISMATCH, NO_GRACEFUL_DRAIN.
// *****************************************************************************

import { backendConfigOnIdePath } from './backend-config-rules';
import { finding } from './finding';
import { ManifestModel } from './manifest-model';
import { pathContains, Workload } from './manifest-workload';
import { LintRule } from './lint-rule';
import { DEFAULT_DRAIN_SECONDS, DRAIN_SECONDS_ENV, HEALTH_ROUTE, READY_ROUTE } from '../../common/health/health-protocol';
import { INSTANCE_ROUTE } from '../../common/connection/heartbeat-protocol';
import { LIVENESS_PROBE, READINESS_PROBE, WORKSPACE_ACCESS_MODES, WORKSPACE_STORAGE_REQUEST, WORKSPACE_VOLUME } from '../../common/deployment/deployment-defaults';
import { DEFAULT_GRACE_PERIOD_SECONDS, LintFinding } from './lint-types';
import { VENDOR_DOCS } from './vendor-docs';
import { asArray, get, isMapping } from './yaml-access';

/** HTTP paths the IDE backend answers with 200 (Theia's page, and the session-health routes). */
export const IDE_SERVED_PATHS = ['/', '/index.html', HEALTH_ROUTE, READY_ROUTE, INSTANCE_ROUTE];

/** Volume sources that outlive the pod. */
const PERSISTENT_SOURCES = ['persistentVolumeClaim', 'nfs', 'csi', 'cephfs', 'rbd', 'glusterfs', 'iscsi', 'fc', 'azureFile', 'azureDisk',
    'gcePersistentDisk', 'awsElasticBlockStore', 'cinder', 'portworxVolume', 'vsphereVolume', 'quobyte', 'flocker', 'storageos', 'scaleIO', 'photonPersistentDisk'];

export const persistenceRule: LintRule = {
    codes: ['WORKSPACE_NOT_PERSISTENT'],
    check(model: ManifestModel): LintFinding[] {
        const findings: LintFinding[] = [];
        const ws = model.options.workspacePath;
        for (const w of model.ideWorkloads) {
            const c = w.ide!;
            const mounts = asArray(c.body.volumeMounts).map((m, i) => ({ m, i }))
                .filter(({ m }) => isMapping(m) && typeof m.mountPath === 'string' && pathContains(m.mountPath, ws))
                .sort((a, b) => String((b.m as Record<string, unknown>).mountPath).length - String((a.m as Record<string, unknown>).mountPath).length);
            const docs = w.resource.kind === 'StatefulSet' ? VENDOR_DOCS.k8sStatefulSetStorage : VENDOR_DOCS.k8sVolumes;
            const fix = w.resource.kind === 'StatefulSet'
                ? `Add a volumeClaimTemplates entry (e.g. "${WORKSPACE_VOLUME}", ${WORKSPACE_ACCESS_MODES.join(', ')}, ${WORKSPACE_STORAGE_REQUEST}) and mount it at ${ws} in container "${c.name}".`
                : `Mount a PersistentVolumeClaim at ${ws} in container "${c.name}" (volumes: - name: ${WORKSPACE_VOLUME}, persistentVolumeClaim: {claimName: <claim>}), or use a StatefulSet with volumeClaimTemplates.`;
            if (!mounts.length) {
                findings.push(finding('WORKSPACE_NOT_PERSISTENT', 'error', w.resource, c.path,
                    `Container "${c.name}" mounts no volume at or above the workspace ${ws}: the workspace lives in the container's own filesystem and is lost when the container restarts.`,
                    fix, docs));
                continue;
            }
            const { m } = mounts[0];
            const mount = m as Record<string, unknown>;
            const volumeName = String(mount.name);
            if (w.volumeClaimTemplates.includes(volumeName)) {
                continue;
            }
            const volumes = asArray(w.podSpec.volumes);
            const vi = volumes.findIndex(v => isMapping(v) && v.name === volumeName);
            const volume = vi >= 0 ? volumes[vi] as Record<string, unknown> : undefined;
            if (!volume) {
                continue; // an undefined volume is rejected by the API server; nothing to judge
            }
            const source = Object.keys(volume).find(k => k !== 'name') ?? 'none';
            if (PERSISTENT_SOURCES.includes(source) && !(source === 'csi' && get(volume, ['csi', 'driver']) === 'inline')) {
                continue;
            }
            const what = source === 'emptyDir' ? 'an emptyDir, deleted with the pod'
                : source === 'ephemeral' ? 'a generic ephemeral volume: a PVC that is deleted with the pod'
                    : source === 'hostPath' ? 'a hostPath: a directory of one node, lost when the pod moves to another node'
                        : `a ${source} volume, which does not keep user files`;
            findings.push(finding('WORKSPACE_NOT_PERSISTENT', source === 'hostPath' ? 'warning' : 'error', w.resource, [...w.podSpecPath, 'volumes', vi, source],
                `The workspace ${ws} of container "${c.name}" is on volume "${volumeName}" (mounted at ${String(mount.mountPath)}), ${what}.`,
                fix, docs));
        }
        return findings;
    }
};

export const probeRule: LintRule = {
    codes: ['NO_READINESS_PROBE', 'NO_LIVENESS_PROBE'],
    check(model: ManifestModel): LintFinding[] {
        const findings: LintFinding[] = [];
        for (const w of model.ideWorkloads) {
            const c = w.ide!;
            if (!isMapping(c.body.readinessProbe)) {
                findings.push(finding('NO_READINESS_PROBE', 'warning', w.resource, c.path,
                    `Container "${c.name}" has no readinessProbe: the pod receives sessions before the backend listens, and keeps receiving new ones while it drains.`,
                    `Add readinessProbe: {httpGet: {path: ${READINESS_PROBE.httpGet.path}, port: <ide port>}, periodSeconds: ${READINESS_PROBE.periodSeconds}, failureThreshold: ${READINESS_PROBE.failureThreshold}}.`,
                    VENDOR_DOCS.k8sProbes));
            }
            if (!isMapping(c.body.livenessProbe)) {
                findings.push(finding('NO_LIVENESS_PROBE', 'warning', w.resource, c.path,
                    `Container "${c.name}" has no livenessProbe: a hung backend is never restarted, and its users stay offline.`,
                    `Add livenessProbe: {httpGet: {path: ${LIVENESS_PROBE.httpGet.path}, port: <ide port>}, periodSeconds: ${LIVENESS_PROBE.periodSeconds}, failureThreshold: ${LIVENESS_PROBE.failureThreshold}}.`,
                    VENDOR_DOCS.k8sProbes));
            }
        }
        return findings;
    }
};

export const healthCheckPathRule: LintRule = {
    codes: ['HEALTHCHECK_PATH_MISMATCH'],
    check(model: ManifestModel): LintFinding[] {
        const findings: LintFinding[] = [];
        const served = IDE_SERVED_PATHS.join(', ');
        for (const w of model.ideWorkloads) {
            const c = w.ide!;
            for (const probe of ['readinessProbe', 'livenessProbe', 'startupProbe']) {
                const path = get(c.body, [probe, 'httpGet', 'path']);
                if (path === undefined || isServed(path)) {
                    continue;
                }
                findings.push(finding('HEALTHCHECK_PATH_MISMATCH', 'error', w.resource, [...c.path, probe, 'httpGet', 'path'],
                    `The ${probe} of container "${c.name}" requests ${JSON.stringify(path)}, which the IDE backend does not serve (it serves ${served}): the probe fails and the pod ${probe === 'readinessProbe' ? 'never gets traffic' : 'is restarted again and again'}.`,
                    `Use path ${probe === 'readinessProbe' ? READY_ROUTE : HEALTH_ROUTE}.`,
                    VENDOR_DOCS.k8sProbes));
            }
        }
        for (const bc of model.backendConfigs) {
            const path = get(bc.body, ['spec', 'healthCheck', 'requestPath']);
            if (path === undefined || isServed(path) || !backendConfigOnIdePath(model, bc)) {
                continue;
            }
            findings.push(finding('HEALTHCHECK_PATH_MISMATCH', 'error', bc, ['spec', 'healthCheck', 'requestPath'],
                `BackendConfig "${bc.name}" health-checks ${JSON.stringify(path)}, which the IDE backend does not serve (it serves ${served}): the load balancer marks every pod unhealthy and answers 502.`,
                `Set spec.healthCheck.requestPath: ${HEALTH_ROUTE} (type: HTTP, port: the IDE container port).`,
                VENDOR_DOCS.gkeHealthCheck));
        }
        return findings;
    }
};

function isServed(path: unknown): boolean {
    return typeof path === 'string' && IDE_SERVED_PATHS.includes(path.split('?')[0]);
}

export const drainRule: LintRule = {
    codes: ['NO_GRACEFUL_DRAIN'],
    check(model: ManifestModel): LintFinding[] {
        const findings: LintFinding[] = [];
        for (const w of model.ideWorkloads) {
            const c = w.ide!;
            const graceSet = w.podSpec.terminationGracePeriodSeconds;
            const grace = typeof graceSet === 'number' ? graceSet : DEFAULT_GRACE_PERIOD_SECONDS;
            const drain = drainSeconds(w);
            const preStop = preStopSeconds(c.body);
            const gracePath = typeof graceSet === 'number' ? [...w.podSpecPath, 'terminationGracePeriodSeconds'] : w.podSpecPath;
            const graceText = typeof graceSet === 'number' ? `terminationGracePeriodSeconds: ${grace}` : `terminationGracePeriodSeconds unset (default ${grace} s)`;
            if (drain === 0 && preStop === undefined) {
                findings.push(finding('NO_GRACEFUL_DRAIN', 'warning', w.resource, gracePath,
                    `Container "${c.name}" sets ${DRAIN_SECONDS_ENV}=0 and has no preStop hook: on SIGTERM every open session is cut at once.`,
                    `Leave ${DRAIN_SECONDS_ENV} at its default (${DEFAULT_DRAIN_SECONDS}) and set terminationGracePeriodSeconds above it.`,
                    VENDOR_DOCS.k8sTermination));
                continue;
            }
            const needed = (preStop ?? 0) + drain;
            if (grace <= needed) {
                findings.push(finding('NO_GRACEFUL_DRAIN', 'warning', w.resource, gracePath,
                    `${graceText} is not longer than the drain it must cover: ${preStop ? `preStop ${preStop} s + ` : ''}${DRAIN_SECONDS_ENV} ${drain} s = ${needed} s. The kubelet kills the backend (SIGKILL) before its sessions are drained.`,
                    `Set terminationGracePeriodSeconds to at least ${needed + 15} (drain + preStop + margin for the process to exit).`,
                    VENDOR_DOCS.k8sTermination));
            }
        }
        return findings;
    }
};

function drainSeconds(w: Workload): number {
    const env = asArray(w.ide!.body.env).find(e => isMapping(e) && e.name === DRAIN_SECONDS_ENV) as Record<string, unknown> | undefined;
    const value = env && typeof env.value === 'string' ? Number(env.value) : NaN;
    return Number.isFinite(value) && value >= 0 ? value : DEFAULT_DRAIN_SECONDS;
}

/** Seconds a preStop hook waits (`sleep` action or `sleep N` command); 0 for another hook; undefined when none. */
function preStopSeconds(container: Record<string, unknown>): number | undefined {
    const hook = get(container, ['lifecycle', 'preStop']);
    if (!isMapping(hook)) {
        return undefined;
    }
    const sleep = get(hook, ['sleep', 'seconds']);
    if (typeof sleep === 'number') {
        return sleep;
    }
    const command = asArray(get(hook, ['exec', 'command'])).join(' ');
    const match = /\bsleep\s+(\d+)/.exec(command);
    return match ? Number(match[1]) : 0;
}
