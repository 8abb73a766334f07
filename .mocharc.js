'use strict';
// One mocha run for the whole suite: unit, integration (real Theia backend) and browser (real Chromium).
process.env.TS_NODE_PROJECT = process.env.TS_NODE_PROJECT || 'tsconfig.test.json';
process.env.TS_NODE_TRANSPILE_ONLY = 'true';
// Files named on the command line replace the default spec list (mocha would otherwise run both).
const named = process.argv.slice(2).some(a => !a.startsWith('-') && /\.ts$|\*/.test(a));
// Under CI a `.only` left in a spec, and any skipped test (it.skip, this.skip(), a skipped suite), fails the run.
const ci = /^(1|true|yes)$/i.test(process.env.CI || '');

module.exports = {
    require: ['ts-node/register', './test/helpers/root-hooks.ts', './test/helpers/leak-check.ts'],
    spec: named ? [] : ['test/unit/**/*.spec.ts', 'test/integration/**/*.spec.ts', 'test/browser/**/*.spec.ts'],
    reporter: './test/helpers/summary-reporter.js',
    timeout: 60000,
    forbidOnly: ci,
    forbidPending: ci,
    exit: true
};
