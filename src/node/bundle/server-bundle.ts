// *****************************************************************************
// Makes the server bundle: the parts, the redactor that knows this process's secrets (configured tokens,
// secret-named environment values), the size limit.
// *****************************************************************************

import { inject, injectable } from '@theia/core/shared/inversify';
import { AssembledBundle, assembleBundle } from '../../common/bundle/bundle-assembly';
import { Redactor, secretEnvValues } from '../../common/bundle/bundle-redaction';
import { ServerBundleParts } from './server-bundle-parts';

export const ServerBundleMaker = Symbol('ServerBundleMaker');
export interface ServerBundleMaker {
    make(): Promise<AssembledBundle>;
}

@injectable()
export class DefaultServerBundleMaker implements ServerBundleMaker {
    @inject(ServerBundleParts) protected readonly parts: ServerBundleParts;

    make(): Promise<AssembledBundle> {
        return assembleBundle('server', this.parts.parts(), new Redactor(secretEnvValues(process.env)));
    }
}
