// The German translation is complete: every nls key the sources use has a German entry with the same placeholders,
// every German entry is used, a key has one English default, and keys follow `theia-session-health/<capability>/<name>`.
import { expect } from 'chai';
import * as fs from 'fs';
import * as path from 'path';
import { KEY_PREFIX, placeholders, ROOT, usedKeys } from './nls-keys';
import { TEST_TMP } from '../../helpers/paths';

const GERMAN_FILE = path.join(ROOT, 'i18n/nls.de.json');
const CAPABILITIES = ['common', ...fs.readdirSync(path.join(ROOT, 'src/browser'), { withFileTypes: true }).filter(e => e.isDirectory()).map(e => e.name)];

describe('i18n: the German translation (i18n/nls.de.json)', () => {
    const german: Record<string, string> = JSON.parse(fs.readFileSync(GERMAN_FILE, 'utf8'));
    const { keys, defaults } = usedKeys();

    it('the sources use keys at all, each named theia-session-health/<capability>/<name>', () => {
        expect(keys.size).to.be.greaterThan(50);
        const badlyNamed = [...keys.keys()].filter(k => !new RegExp(`^${KEY_PREFIX}(${CAPABILITIES.join('|')})/[A-Za-z0-9.-]+$`).test(k));
        expect(badlyNamed).to.deep.equal([]);
    });

    it('has an entry for every key used in src', () => {
        const missing = [...keys.entries()].filter(([k]) => typeof german[k] !== 'string' || !german[k].trim()).map(([k, files]) => `${k} (${files[0]})`);
        expect(missing, 'keys without a German entry').to.deep.equal([]);
    });

    it('has no entry that src does not use', () => {
        expect(Object.keys(german).filter(k => !keys.has(k)), 'stale German entries').to.deep.equal([]);
    });

    it('keeps the placeholders of the English default, and each key has one default', () => {
        const problems: string[] = [];
        for (const [key, texts] of defaults) {
            if (texts.size > 1) {
                problems.push(`${key}: several English defaults ${JSON.stringify([...texts])}`);
            }
            const [english] = texts;
            if (german[key] !== undefined && placeholders(german[key]).join() !== placeholders(english).join()) {
                problems.push(`${key}: "${german[key]}" vs "${english}"`);
            }
        }
        expect(problems).to.deep.equal([]);
    });

    it('the key extraction sees a missing entry (a key the file lacks fails the check)', () => {
        fs.mkdirSync(TEST_TMP, { recursive: true });
        const probe = fs.mkdtempSync(path.join(TEST_TMP, 'nls-'));
        try {
            fs.writeFileSync(path.join(probe, 'probe.ts'), "nls.localize('theia-session-health/journal/notInTheFile', 'Not there {0}', n);\n");
            const found = usedKeys(probe);
            expect([...found.keys.keys()]).to.deep.equal(['theia-session-health/journal/notInTheFile']);
            expect([...found.defaults.get('theia-session-health/journal/notInTheFile')!]).to.deep.equal(['Not there {0}']);
            expect(german['theia-session-health/journal/notInTheFile']).to.equal(undefined);
        } finally {
            fs.rmSync(probe, { recursive: true, force: true });
        }
    });
});
