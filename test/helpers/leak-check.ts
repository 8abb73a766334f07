// The last check of every mocha run. Its root afterAll hook is registered after root-hooks.ts's (see .mocharc.js
// `require`), so it runs after every spec and after the shared browser and the backends are closed. If any nginx,
// haproxy, prometheus, Theia backend or Chromium started by THIS run is still alive (members of the process groups the
// helpers spawned, descendants of this process, or processes carrying this run's SESSION_HEALTH_TEST_RUN marker), it
// kills them and fails the run naming them. Processes of other runs on the machine (other developers' suites) are
// never looked at or touched.
import { describeProcess, isSuiteProcess, killLeftovers, processesOfThisRun, RUN_ID } from './processes';

export const mochaHooks = {
    afterAll: async function noServerProcessOutlivesTheSuite(this: Mocha.Context): Promise<void> {
        this.timeout(45000);
        const killed = await killLeftovers(isSuiteProcess, 15000);
        const others = processesOfThisRun().filter(p => !isSuiteProcess(p));
        if (others.length) {
            console.log(`  note: other processes of this test run still alive: ${others.map(describeProcess).join('; ')}`);
        }
        if (killed.length) {
            throw new Error(`the test run ${RUN_ID} left ${killed.length} process(es) running (a test or helper did not stop them; now killed):\n  `
                + killed.map(describeProcess).join('\n  '));
        }
    }
};
