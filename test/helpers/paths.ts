import * as path from 'path';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const BROWSER_APP = path.join(REPO_ROOT, 'browser-app');
export const BACKEND_MAIN = path.join(BROWSER_APP, 'lib', 'backend', 'main.js');
export const DEMO_WORKSPACE = path.join(REPO_ROOT, 'demo-workspace');
export const TEST_TMP = path.join(REPO_ROOT, '.test-tmp');
export const STOCK_APP = path.join(REPO_ROOT, 'bench', 'stock-app');
export const STOCK_BACKEND_MAIN = path.join(STOCK_APP, 'lib', 'backend', 'main.js');
