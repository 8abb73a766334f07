// *****************************************************************************
// Step 6, Kubernetes: what the API said about the pod's volume (only run when it answered).
// *****************************************************************************

import { CheckStep } from '../check-step';
import { kubernetesOutcome } from '../persistence-verdicts';

export const kubernetesStep: CheckStep = {
    id: 'kubernetes',
    doing: () => 'Reading what the Kubernetes API said',
    run: async ctx => kubernetesOutcome(ctx.kubernetes!)
};
