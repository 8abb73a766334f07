// The last check of every mocha run. Its root afterAll hook is registered after root-hooks.ts's (see .mocharc.js
// `require`), so it runs after every spec and after the shared browser and the backends are closed. It fails the run
// if any nginx, haproxy, prometheus or Theia backend started by THIS run is still alive: members of the process
// groups the helpers spawned, descendants of this process, or processes carrying this run's SESSION_HEALTH_TEST_RUN
// marker. Processes of other runs on the machine (other developers' suites) are never looked at or touched.
import { describeProcess, leftoverProcesses, RUN_ID } from './processes';

export const mochaHooks = {
    afterAll: async function noServerProcessOutlivesTheSuite(this: Mocha.Context): Promise<void> {
        this.timeout(30000);
        const { servers, others } = await leftoverProcesses(15000);
        if (others.length) {
            console.log(`  note: other processes of this test run still alive: ${others.map(describeProcess).join('; ')}`);
        }
        if (servers.length) {
            throw new Error(`the test run ${RUN_ID} left ${servers.length} server process(es) running (a test or helper did not stop them):\n  `
                + servers.map(describeProcess).join('\n  '));
        }
    }
};
