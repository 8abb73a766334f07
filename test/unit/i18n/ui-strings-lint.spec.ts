// The lint rule of #24 §4: `npm run lint` fails on a literal string handed to a UI API in src/browser and src/common (status bar
// text/tooltip, command label/category, quick pick items, view titles and buttons, aria labels, MessageService,
// React text in the view), and passes the same code once the text goes through nls.localize.
import { expect } from 'chai';
import { ESLint } from 'eslint';
import * as path from 'path';
import { ROOT } from './nls-keys';

async function uiStringErrors(code: string, filePath = 'src/browser/journal/ui-string-probe.ts'): Promise<number[]> {
    const eslint = new ESLint({ cwd: ROOT, ruleFilter: ({ ruleId }) => ruleId === 'no-restricted-syntax' });
    const [result] = await eslint.lintText(code, { filePath: path.join(ROOT, filePath) });
    return result.messages.filter(m => m.severity === 2 && m.message.includes('nls.localize')).map(m => m.line);
}

const LITERALS = [
    "statusBar.setElement('x', { text: 'Offline', tooltip: 'The IDE is offline', alignment: 0 });",     // 1
    "statusBar.setElement('x', { text: `$(sync~spin) ${n}`, tooltip: `Round trip ${n} ms` });",          // 2 (tooltip)
    "const c = { id: 'session-health.x', category: 'Session Health', label: 'Do It' };",                // 3
    "this.messages.info('Connection details copied.');",                                                // 4
    'this.messageService.warn(`Kept ${n} files.`, ACTION);',                                            // 5
    "this.messages.error('Could not restore: ' + reason);",                                             // 6
    "quickInput.showQuickPick([{ label: 'Restore all' }], { placeholder: 'Pick one' });",               // 7
    "class S { readonly title = 'Connection'; }",                                                       // 8
    "h('select', { 'aria-label': 'Show events of kind' });",                                            // 9
    "h('div', { className: 'x' }, 'Recent events, newest first');",                                    // 10
    "const schema = { properties: { a: { type: 'boolean', description: 'Show the item.' } } };"         // 11
];

describe('i18n: literal UI strings fail `npm run lint` (eslint.config.mjs)', function (): void {
    this.timeout(120000);

    it('each literal handed to a UI API is an error', async () => {
        expect(await uiStringErrors(LITERALS.join('\n'))).to.deep.equal([1, 1, 2, 3, 3, 4, 5, 6, 7, 7, 8, 9, 10, 11]);
    });

    it('the same code through nls.localize passes, as do ids, class names, codicons and localized commands', async () => {
        const code = [
            "statusBar.setElement('x', { text: nls.localize('theia-session-health/connection/offline', 'Offline'), className: 'session-health-item' });",
            "statusBar.setElement('x', { text: `$(plug) ${n}`, tooltip: nls.localize('theia-session-health/connection/rt', 'Round trip {0} ms', n) });",
            "const c = sessionHealthCommand({ id: 'session-health.x', label: 'Do It' }, 'theia-session-health/journal/doIt');",
            "const d = Command.toLocalizedCommand({ id: 'x', category: 'Session Health', label: 'Do It' }, 'k', 'c');",
            "this.messages.info(nls.localize('theia-session-health/connection/copied', 'Copied.'));",
            "const range = { min: 1, max: 2, text: 'none' };",
            "h('option', { key: '', value: '' }, kind);"
        ].join('\n');
        expect(await uiStringErrors(code)).to.deep.equal([]);
    });

    it('applies to src/browser and src/common (texts the browser shows), not to src/node (the CLI prints English)', async () => {
        expect(await uiStringErrors("this.messages.info('Copied.');", 'src/node/cli/ui-string-probe.ts')).to.deep.equal([]);
        expect(await uiStringErrors(LITERALS.join('\n'), 'src/common/persistence/ui-string-probe.ts')).to.deep.equal([1, 1, 2, 3, 3, 4, 5, 6, 7, 7, 8, 9, 10, 11]);
        // the probe's findings and fixes too (#24 §4): a fix text as a literal is an error there
        expect(await uiStringErrors("export const FIX = { text: 'Turn on session affinity.', snippets: [] };", 'src/common/probe/ui-string-probe.ts')).to.deep.equal([1]);
    });
});
