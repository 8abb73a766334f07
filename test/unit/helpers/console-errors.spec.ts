import { expect } from 'chai';
import { OURS, withoutTheiaDuplicateOpens } from '../../helpers/console-errors';

const open = (id: string) => `pageerror: Another channel with the id '${id}' is already open.\nError: Another channel…`;

describe('console errors: what the adopter smoke counts as this extension\'s', () => {
    it('leaves out Theia\'s duplicate channel opens when Theia\'s own channels got them too (its reconnect bug)', () => {
        const errors = [open('/services/commands'), open('/services/session-health'), open('/services/session-health-idle'), 'pageerror: reconnecting channel'];
        expect(withoutTheiaDuplicateOpens(errors).filter(e => OURS.test(e))).to.deep.equal([]);
    });

    it('keeps a duplicate open of our channels alone, and every other error of ours', () => {
        const ours = [open('/services/session-health'), 'pageerror: sessionHealth is undefined'];
        expect(withoutTheiaDuplicateOpens(ours).filter(e => OURS.test(e))).to.deep.equal(ours);
        const mixed = [open('/services/commands'), 'TypeError: x of undefined @ session-health-widget'];
        expect(withoutTheiaDuplicateOpens(mixed).filter(e => OURS.test(e))).to.deep.equal(['TypeError: x of undefined @ session-health-widget']);
    });
});
