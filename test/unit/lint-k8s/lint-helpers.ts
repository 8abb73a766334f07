import * as fs from 'fs';
import * as path from 'path';
import { lintResources, LintResult } from '../../../src/node/lint-k8s/lint-k8s';
import { loadManifests } from '../../../src/node/lint-k8s/manifest-loader';
import { LintOptions } from '../../../src/node/lint-k8s/lint-types';
import { REPO_ROOT } from '../../helpers/paths';

export const K8S_FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures', 'k8s');

export function fixturePath(name: string): string {
    return path.join(K8S_FIXTURES, name);
}

export function lintText(text: string, options: Partial<LintOptions> = {}, file = 'input.yaml'): LintResult {
    return lintResources(loadManifests(text, file).resources, options);
}

export function lintFixture(name: string, options: Partial<LintOptions> = {}): LintResult {
    return lintText(fs.readFileSync(fixturePath(name), 'utf8'), options, name);
}

export function codes(result: LintResult): string[] {
    return result.findings.map(f => f.code).sort();
}

/** 1-based number of the first line of `file` that contains `needle` (after line `after`). */
export function lineContaining(name: string, needle: string, after = 0): number {
    const lines = fs.readFileSync(fixturePath(name), 'utf8').split('\n');
    const index = lines.findIndex((l, i) => i >= after && l.includes(needle));
    if (index < 0) {
        throw new Error(`"${needle}" not in ${name}`);
    }
    return index + 1;
}
