// *****************************************************************************
// Reads multi-document YAML (kubectl/kustomize output, `kind: List` included) into K8sResources
// that remember their lines. Malformed YAML is a ManifestSyntaxError naming file, line and column.
// *****************************************************************************

import { Document, isMap, isNode, isSeq, LineCounter, Node as YamlNode, parseAllDocuments, YAMLError } from 'yaml';
import { K8sResource, YamlPath } from './lint-types';
import { isMapping } from './yaml-access';

export class ManifestSyntaxError extends Error {
    constructor(readonly file: string, readonly line: number, readonly column: number, readonly detail: string) {
        super(`${file}:${line}:${column}: invalid YAML: ${detail}`);
    }
}

export interface LoadedManifests {
    resources: K8sResource[];
    /** Documents that are not Kubernetes objects (no `kind`/`apiVersion`), e.g. a values file. */
    skippedDocuments: number;
}

/** Parses one file's text. Throws ManifestSyntaxError for malformed YAML. */
export function loadManifests(text: string, file: string): LoadedManifests {
    const lineCounter = new LineCounter();
    const parsed = parseAllDocuments(text, { lineCounter, prettyErrors: true, uniqueKeys: true });
    const docs: Document.Parsed[] = Array.isArray(parsed) ? parsed : [];
    for (const doc of docs) {
        const error = doc.errors[0];
        if (error) {
            throw syntaxError(error, file, lineCounter);
        }
    }
    const result: LoadedManifests = { resources: [], skippedDocuments: 0 };
    for (const doc of docs) {
        const body = doc.toJS({ maxAliasCount: 100 }) as unknown;
        if (body === null || body === undefined) {
            continue; // empty document, e.g. a trailing `---`
        }
        collect(doc, body, [], file, lineCounter, result);
    }
    return result;
}

function collect(doc: Document.Parsed, body: unknown, base: YamlPath, file: string, lineCounter: LineCounter, out: LoadedManifests): void {
    // kustomize's own files (Kustomization, Component) are build instructions, not cluster objects.
    if (!isMapping(body) || typeof body.kind !== 'string' || typeof body.apiVersion !== 'string' || body.apiVersion.startsWith('kustomize.config.k8s.io/')) {
        out.skippedDocuments++;
        return;
    }
    if (body.kind.endsWith('List') && Array.isArray(body.items)) {
        body.items.forEach((item, i) => collect(doc, item, [...base, 'items', i], file, lineCounter, out));
        return;
    }
    const metadata = isMapping(body.metadata) ? body.metadata : {};
    const lineOf = (path: YamlPath): number => lineAt(doc, [...base, ...path], lineCounter);
    out.resources.push({
        apiVersion: body.apiVersion,
        kind: body.kind,
        name: typeof metadata.name === 'string' ? metadata.name : '',
        namespace: typeof metadata.namespace === 'string' && metadata.namespace ? metadata.namespace : null,
        body,
        file,
        line: lineOf([]),
        lineOf
    });
}

function lineAt(doc: Document.Parsed, path: YamlPath, lineCounter: LineCounter): number {
    for (let n = path.length; n >= 0; n--) {
        const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
        if (isNode(node) && node.range) {
            return lineCounter.linePos(startOf(node)).line;
        }
    }
    return 1;
}

/** A map or sequence node starts at its first item; scalars at their value. */
function startOf(node: YamlNode): number {
    if ((isMap(node) || isSeq(node)) && node.items.length) {
        const first = node.items[0] as unknown;
        if (isNode(first) && first.range) {
            return first.range[0];
        }
        const key = (first as { key?: unknown }).key;
        if (isNode(key) && key.range) {
            return key.range[0];
        }
    }
    return node.range![0];
}

function syntaxError(error: YAMLError, file: string, lineCounter: LineCounter): ManifestSyntaxError {
    const pos = error.linePos?.[0] ?? lineCounter.linePos(error.pos[0]);
    // The yaml package appends a code frame after the first line; keep only the sentence.
    const detail = error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
    return new ManifestSyntaxError(file, pos.line, pos.col, detail);
}
