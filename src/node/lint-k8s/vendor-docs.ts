// *****************************************************************************
// The vendor documentation each rule rests on (see docs/lint-k8s.md for the quotes).
// *****************************************************************************

export const VENDOR_DOCS = {
    k8sIngress: 'https://kubernetes.io/docs/concepts/services-networking/ingress/',
    gkeBackendConfigAssociation: 'https://cloud.google.com/kubernetes-engine/docs/how-to/ingress-configuration#associating_backendconfig_with_your_ingress',
    gkeCdn: 'https://cloud.google.com/kubernetes-engine/docs/how-to/ingress-configuration#cloud_cdn',
    gkeSessionAffinity: 'https://cloud.google.com/kubernetes-engine/docs/how-to/ingress-configuration#session_affinity',
    gkeTimeout: 'https://cloud.google.com/kubernetes-engine/docs/how-to/ingress-configuration#timeout',
    gkeHealthCheck: 'https://cloud.google.com/kubernetes-engine/docs/how-to/ingress-configuration#direct_health',
    gclbWebSocket: 'https://cloud.google.com/load-balancing/docs/https#websocket_proxy_support',
    nginxAffinity: 'https://kubernetes.github.io/ingress-nginx/examples/affinity/cookie/',
    nginxTimeouts: 'https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/annotations/#custom-timeouts',
    socketIoMultipleNodes: 'https://socket.io/docs/v4/using-multiple-nodes/',
    k8sServiceAffinity: 'https://kubernetes.io/docs/reference/networking/virtual-ips/#session-affinity',
    k8sVolumes: 'https://kubernetes.io/docs/concepts/storage/volumes/#emptydir',
    k8sStatefulSetStorage: 'https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#stable-storage',
    k8sProbes: 'https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/',
    k8sTermination: 'https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#pod-termination',
    oauth2ProxyCookies: 'https://oauth2-proxy.github.io/oauth2-proxy/configuration/overview#cookie-options'
} as const;
