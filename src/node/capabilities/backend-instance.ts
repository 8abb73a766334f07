// *****************************************************************************
// The identity of this backend process: new id on every start.
// *****************************************************************************

import { injectable } from '@theia/core/shared/inversify';
import { randomUUID } from 'crypto';
import { hostname } from 'os';
import { BackendInstance } from '../../common/connection/heartbeat-protocol';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { version } = require('../../../package.json') as { version: string };

export const BackendInstanceProvider = Symbol('BackendInstanceProvider');
export interface BackendInstanceProvider {
    readonly instance: BackendInstance;
}

@injectable()
export class DefaultBackendInstanceProvider implements BackendInstanceProvider {
    readonly instance: BackendInstance = Object.freeze({
        id: randomUUID(),
        startedAt: new Date().toISOString(),
        hostname: hostname(),
        version
    });
}
