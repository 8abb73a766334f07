// The markdown escaping of notification text, through the renderer Theia's notifications use (@theia/messages).
import '@theia/core/shared/reflect-metadata';
import { expect } from 'chai';
import { NotificationContentRenderer } from '@theia/messages/lib/browser/notification-content-renderer';
import { escapeMarkdown, plainMarkdown } from '../../../src/browser/shared/markdown-text';

const renderer = new NotificationContentRenderer();
const render = (markdown: string) => renderer.renderMessage(markdown);
const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': '\'' };
/** The text a user sees: the rendered HTML without tags, entities decoded; fails on any element. */
function shown(html: string): string {
    expect(html, 'no element at all').to.not.match(/<[a-z]/i);
    return html.replace(/&(amp|lt|gt|quot|#39);/g, e => ENTITIES[e]);
}

const HOSTILE = [
    '../[Open the fix](command:workbench.action.reloadWindow)',
    '<command:workbench.action.reloadWindow>',
    '![i](command:workbench.action.reloadWindow)',
    '[x][r] [r]: command:x',
    '\\[x](command:y) \\\\[x](command:y)',
    '*em* _u_ **b** `code` ~~s~~ <b>html</b> &lt;b&gt; &amp; &#91;x&#93;(command:y)',
    '/home/project/ws-[x](command:a?%5B%22b%22%5D) (1) #2 + - ! {} | ~ ^ $ @ : ; = ?',
    'https://example.com www.example.com mailto:a@b.c'
];

describe('markdown-text: non-constant text in notifications', () => {
    it('unescaped, the hostile texts do render links (the renderer is the real one)', () => {
        expect(render(HOSTILE[0])).to.contain('<a href="command:workbench.action.reloadWindow"');
        expect(render(HOSTILE[1])).to.contain('<a href="command:');
        expect(render(HOSTILE[2])).to.contain('<img src="command:');
    });

    it('escaped, every hostile text is shown exactly as written, with no element', () => {
        for (const text of HOSTILE) {
            expect(shown(render(escapeMarkdown(text))), text).to.equal(text);
        }
    });

    it('any string of markdown-significant characters round-trips (2000 random strings)', () => {
        const alphabet = '[]()<>!*_`~\\&#;:/.-+=|{}^$@?"\' acmdo1';
        let seed = 42;
        const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
        for (let i = 0; i < 2000; i++) {
            const text = Array.from({ length: 1 + Math.floor(random() * 40) }, () => alphabet[Math.floor(random() * alphabet.length)]).join('').trim();
            expect(shown(render(escapeMarkdown(text))), JSON.stringify(text)).to.equal(text);
        }
    });

    it('plainMarkdown keeps the constant parts and escapes every value (errors by their message)', () => {
        const error = new Error('refused [x](command:y)');
        const markdown = plainMarkdown`Could not restore *${'/p/[a](command:b)'}*: ${error}`;
        expect(render(markdown)).to.equal('Could not restore <em>/p/[a](command:b)</em>: refused [x](command:y)');
    });
});
