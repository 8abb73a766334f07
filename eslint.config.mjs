import tseslint from 'typescript-eslint';

// The floors (docs/architecture.md): src/common is used by browser AND node, so it imports neither;
// src/browser never imports node code, src/node never imports browser code. The same holds for Theia's
// own packages (`@theia/<pkg>/lib/<floor>/...`). Relative imports are matched by the floor folder they name.
const floor = (name, label = name) => [
    { regex: `^\\.{1,2}/(?:\\.\\./)*${name}(?:/|$)`, message: `Do not import src/${label} code from this floor (see docs/architecture.md).` },
    { regex: `^@theia/[^/]+/(?:lib|src)/${name}(?:/|$)`, message: `Do not import Theia's ${label} code from this floor (see docs/architecture.md).` }
];
const restrictFloors = (...floors) => ({ 'no-restricted-imports': ['error', { patterns: floors.flatMap(f => floor(...[f].flat())) }] });

// Every user-visible string goes through nls.localize (#24 §4): no literal text handed to a UI API in src/browser
// and src/common.
// A literal counts when it holds two letters and is not one lower-case token: ids, enum values ('none'), class names,
// codicons ('$(plug)') and separators pass.
const UI_PROPS = 'text|tooltip|label|category|placeholder|title|description|markdownDescription|detail|prompt|ariaLabel';
const TEXT = "[value=/[A-Za-z]{2}/]:not([value=/^[a-z][a-z0-9.-]*$/])";
// a word in a template's text; `$(sync~spin)` codicons are not words
const TEMPLATE_TEXT = ':has(TemplateElement[value.raw=/(^|[^(a-z~-])[A-Za-z]{2}/])';
const NOT_LOCALIZED_COMMAND = ":not(CallExpression:matches([callee.name='sessionHealthCommand'], [callee.property.name='toLocalizedCommand']) > ObjectExpression > Property > *)";
const literalUiString = message => ['error',
    // a command's English label inside Command.toLocalizedCommand / sessionHealthCommand is the nls default
    { selector: `Property[key.name=/^(${UI_PROPS})$/] > :matches(Literal${TEXT}, TemplateLiteral${TEMPLATE_TEXT}).value${NOT_LOCALIZED_COMMAND}`, message },
    { selector: `Property[key.value=/^(aria-label|title|placeholder)$/] > :matches(Literal${TEXT}, TemplateLiteral${TEMPLATE_TEXT}).value`, message },
    { selector: `PropertyDefinition[key.name=/^(title|label)$/] > :matches(Literal${TEXT}, TemplateLiteral${TEMPLATE_TEXT}).value`, message },
    {
        selector: `CallExpression[callee.property.name=/^(info|warn|error)$/][callee.object.property.name=/^(messages|messageService)$/] > `
            + `:matches(Literal${TEXT}, TemplateLiteral${TEMPLATE_TEXT}, BinaryExpression:matches([left.type=/Literal$/], [right.type=/Literal$/])).arguments:first-child`,
        message
    },
    // React children of the view's `h(tag, props, ...children)`
    { selector: `CallExpression[callee.name='h'] > :matches(Literal${TEXT}, TemplateLiteral${TEMPLATE_TEXT}).arguments:not(:first-child)`, message }
];
export const UI_STRING_MESSAGE = 'User-visible text goes through nls.localize(\'theia-session-health/<capability>/<name>\', \'English text\') (#24 §4).';

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
        // src/common too: its texts reach the browser (and the CLI prints them in English, nls's default), the probe's
        // findings and fixes included.
        files: ['src/browser/**/*.ts', 'src/browser/**/*.tsx', 'src/common/**/*.ts', 'src/common/**/*.tsx'],
        rules: { 'no-restricted-syntax': literalUiString(UI_STRING_MESSAGE) }
    },
    {
        // chai assertions such as `expect(x).to.be.empty` are expressions
        files: ['test/**/*.ts'],
        rules: { '@typescript-eslint/no-unused-expressions': 'off' }
    }
);
