// The snippets the fixes show are written by common/text/yaml-text.ts instead of the `yaml` package (issue 28: 70 KiB
// of every tab). They must read back as what was written (any string, any key), and look exactly as `yaml` writes
// them (the package stays for lint-k8s on the backend, and is the reference here).
import { expect } from 'chai';
import { Document, parse, parseAllDocuments } from 'yaml';
import { yamlText } from '../../../src/common/text/yaml-text';
import { REMEDIATIONS } from '../../../src/common/probe/probe-remediations';
import { remediation } from '../../../src/browser/storage/storage-remediation';

/** What `yaml` writes for the same text: every document parsed (comments kept) and written again. */
function rewrittenByYaml(text: string): string {
    return parseAllDocuments(text).map((d, i) => {
        const written = d.toString({ lineWidth: 0 });
        return i && !written.startsWith('---') ? `---\n${written}` : written;
    }).join('');
}

/** A small seeded generator (mulberry32): the same cases every run. */
function random(seed: number): () => number {
    return () => {
        seed = (seed + 0x6d2b79f5) | 0;
        let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
        t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

const PIECES = ['a', 'Z', '0', '9', '1.5', ' ', ':', ': ', ' #', '#', '-', '- ', '?', ',', '[', ']', '{', '}', '&', '*', '!', '|', '>',
    '\'', '"', '%', '@', '`', '/', '.', '~', 'null', 'true', 'No', '0x1F', '.inf', '1e3', '\t', 'é', '日本', '\\', '=', '<pod>'];
const CONTROLS = ['\n', '\r', '\u0000', '\u0085', '\u2028', '\ufeff', '\u007f'];

function randomString(next: () => number, controls: boolean): string {
    const n = Math.floor(next() * 6);
    let s = '';
    for (let i = 0; i < n; i++) {
        s += controls && next() < 0.1 ? CONTROLS[Math.floor(next() * CONTROLS.length)] : PIECES[Math.floor(next() * PIECES.length)];
    }
    return s;
}

function randomValue(next: () => number, depth: number, controls: boolean): unknown {
    const kind = depth > 3 ? next() * 4 : next() * 7;
    if (kind < 2.5) {
        return randomString(next, controls);
    } else if (kind < 3) {
        return [0, 42, -7, 3.25, true, false, null][Math.floor(next() * 7)];
    } else if (kind < 4 || kind >= 6) {
        return Array.from({ length: Math.floor(next() * 4) }, () => randomValue(next, depth + 1, controls));
    }
    const map: Record<string, unknown> = {};
    for (let i = Math.floor(next() * 4); i > 0; i--) {
        map[randomString(next, controls && next() < 0.3) || 'k'] = randomValue(next, depth + 1, controls);
    }
    return map;
}

describe('yamlText: the fixes\' YAML without the yaml package in the browser', () => {
    it('writes every probe fix and the storage remediation exactly as `yaml` does', () => {
        const texts: string[] = [];
        for (const fix of Object.values(REMEDIATIONS)) {
            texts.push(...fix.snippets.filter(s => s.format === 'yaml').map(s => s.config + '\n'));
        }
        for (const input of [{ workspacePath: '/home/project' }, { workspacePath: '/home/my project: #1', storageClass: 'fast', size: '5Gi', containerName: 'ide', claimName: 'c' },
            { workspacePath: '/w/\'quoted\' "both"', storageClass: 'true' }, { workspacePath: '- x', claimName: '3600' }]) {
            const r = remediation(input);
            texts.push(r.deployment, r.statefulSet);
        }
        expect(texts.length).to.be.at.least(10);
        for (const text of texts) {
            expect(text, text).to.equal(rewrittenByYaml(text));
        }
        expect(remediation({ workspacePath: '/home/project' }).deployment).to.contain('  # storageClassName: standard   # your cluster\'s storage class');
    });

    it('writes 3,000 generated documents as `yaml` does, and each reads back as what was written', () => {
        const next = random(28);
        for (let i = 0; i < 3000; i++) {
            const value = randomValue(next, 0, false);
            const comment = next() < 0.3 ? ` note ${i}: #x` : undefined;
            const ours = yamlText({ value, comment });
            const reference = new Document(value);
            if (comment !== undefined) {
                reference.commentBefore = comment;
            }
            expect(ours, JSON.stringify(value)).to.equal(reference.toString({ lineWidth: 0 }));
            expect(parse(ours), ours).to.deep.equal(value);
        }
    });

    it('keeps any string, control characters and line breaks included, valid and the same when read back', () => {
        const next = random(2028);
        for (let i = 0; i < 3000; i++) {
            const value = randomValue(next, 0, true);
            const ours = yamlText({ value });
            expect(parse(ours), `${JSON.stringify(value)}\n${ours}`).to.deep.equal(value);
        }
    });
});
