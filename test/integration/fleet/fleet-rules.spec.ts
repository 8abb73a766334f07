// Issue 17: the fleet rules pass `promtool check rules` and their unit tests (`promtool test rules`: positive and
// negative cases per alert), and those tests can fail (a loosened threshold or count breaks them).
import { expect } from 'chai';
import * as fs from 'fs';
import * as path from 'path';
import { inTempDir, MONITORING, promtool, requirePromtool } from '../../helpers/promtool';

const RULES = path.join(MONITORING, 'fleet-rules.yaml');
const TESTS = path.join(MONITORING, 'fleet-rules.test.yaml');

/** Runs the unit tests against a changed copy of the rules. */
function testMutated(change: (rules: string) => string): { code: number; output: string } {
    return inTempDir('fleet-rules-', tmp => {
        const original = fs.readFileSync(RULES, 'utf8');
        const mutated = change(original);
        expect(mutated, 'the mutation changed the rules').to.not.equal(original);
        fs.writeFileSync(path.join(tmp, 'fleet-rules.yaml'), mutated);
        fs.copyFileSync(TESTS, path.join(tmp, 'fleet-rules.test.yaml'));
        return promtool(['test', 'rules', path.join(tmp, 'fleet-rules.test.yaml')]);
    });
}

describe('deploy/monitoring: fleet rules (mass disconnect, periodic cut, restart wave)', function () {
    this.timeout(60000);

    requirePromtool();

    it('promtool check rules passes, and every alert has a runbook naming a finding code', () => {
        const r = promtool(['check', 'rules', RULES]);
        expect(r.code, r.output).to.equal(0);
        expect(r.output).to.match(/SUCCESS: 13 rules found/);
        const text = fs.readFileSync(RULES, 'utf8');
        for (const alert of ['SessionHealthMassDisconnect', 'SessionHealthPeriodicCut', 'SessionHealthRestartWave']) {
            const block = text.slice(text.indexOf(`alert: ${alert}`)).split('- alert:')[0];
            expect(block, alert).to.match(/runbook: "Likely cause: .*Confirm: .*\b(BACKEND_TIMEOUT_TOO_SHORT|IDLE_TIMEOUT_CUT|NO_GRACEFUL_DRAIN)\b/);
        }
    });

    it('promtool test rules: each alert fires on its incident and stays silent on the look-alikes', () => {
        const r = promtool(['test', 'rules', TESTS]);
        expect(r.code, r.output).to.equal(0);
        expect(r.output).to.contain('SUCCESS');
    });

    it('the unit tests fail when a threshold moves (30 %, 3 pods, half of the sessions)', () => {
        const mutations: [string, (rules: string) => string][] = [
            ['SessionHealthMassDisconnect', rules => rules.replace(/>= 0\.3\b/g, '>= 0.31')],
            ['SessionHealthRestartWave', rules => rules.replace(/>= 3\n/g, '>= 4\n')],
            ['SessionHealthPeriodicCut', rules => rules.replace(/>= 0\.5\n/g, '>= 0.9\n').replace('le="33"', 'le="30"')]
        ];
        for (const [alert, change] of mutations) {
            const r = testMutated(change);
            // promtool exits 1 when a rule test fails; the failure names the alert whose threshold moved.
            expect(r.code, `${alert}: promtool test rules on the mutated rules\n${r.output}`).to.equal(1);
            expect(r.output, alert).to.contain('FAILED').and.to.contain(alert);
        }
    });
});
