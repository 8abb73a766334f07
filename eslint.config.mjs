import tseslint from 'typescript-eslint';

// The floors (docs/architecture.md): src/common is used by browser AND node, so it imports neither;
// src/browser never imports node code, src/node never imports browser code. The same holds for Theia's
// own packages (`@theia/<pkg>/lib/<floor>/...`). Relative imports are matched by the floor folder they name.
const floor = (name, label = name) => [
    { regex: `^\\.{1,2}/(?:\\.\\./)*${name}(?:/|$)`, message: `Do not import src/${label} code from this floor (see docs/architecture.md).` },
    { regex: `^@theia/[^/]+/(?:lib|src)/${name}(?:/|$)`, message: `Do not import Theia's ${label} code from this floor (see docs/architecture.md).` }
];
const restrictFloors = (...floors) => ({ 'no-restricted-imports': ['error', { patterns: floors.flatMap(f => floor(...[f].flat())) }] });

export default tseslint.config(
    { ignores: ['lib/**', 'node_modules/**', 'browser-app/**', '.test-tmp/**', '**/*.js', '**/*.cjs', '**/*.mjs'] },
    ...tseslint.configs.recommended,
    {
        rules: {
            '@typescript-eslint/no-explicit-any': 'warn',
            '@typescript-eslint/no-namespace': 'off',
            '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
            'no-throw-literal': 'error',
            'eqeqeq': ['error', 'smart'],
            'semi': ['error', 'always'],
            'quotes': ['error', 'single', { avoidEscape: true }]
        }
    },
    { files: ['src/common/**/*.ts', 'src/common/**/*.tsx'], rules: restrictFloors('node', 'browser', ['electron-[a-z]+', 'electron-*']) },
    { files: ['src/browser/**/*.ts', 'src/browser/**/*.tsx'], rules: restrictFloors('node', 'electron-main', 'electron-node') },
    { files: ['src/node/**/*.ts', 'src/node/**/*.tsx'], rules: restrictFloors('browser', 'electron-browser') },
    {
        // Extension code logs through Theia's named ILogger (`session-health:<capability>`), as Theia's own packages do.
        // The CLI writes to its own out/err streams; the log export's worker thread has no DI container (its console is
        // the backend's stdout): those few places say so next to an eslint-disable comment.
        files: ['src/**/*.ts', 'src/**/*.tsx'],
        rules: { 'no-console': 'error' }
    },
    {
        // chai assertions such as `expect(x).to.be.empty` are expressions
        files: ['test/**/*.ts'],
        rules: { '@typescript-eslint/no-unused-expressions': 'off' }
    }
);
