// Issue 26: one UTF-8 length for every byte limit (the journal, the report queue, the bundle counted it three ways).
import { expect } from 'chai';
import { utf8Length } from '../../../src/common/text/utf8';

describe('text: utf8Length', () => {
    it('counts bytes as TextEncoder does, lone surrogates included', () => {
        for (const text of ['', 'ascii', 'é', '€', '😀', 'a😀b€é', '\ud800', '\ud800x', 'x\udc00', '\udbff\udfff']) {
            expect(utf8Length(text), JSON.stringify(text)).to.equal(new TextEncoder().encode(text).length);
        }
    });
    it('agrees with Buffer.byteLength on a long mixed text', () => {
        const text = 'Grüße 😀 €'.repeat(10_000);
        expect(utf8Length(text)).to.equal(Buffer.byteLength(text));
    });
});
