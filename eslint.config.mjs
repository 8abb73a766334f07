import tseslint from 'typescript-eslint';

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
    {
        // chai assertions such as `expect(x).to.be.empty` are expressions
        files: ['test/**/*.ts'],
        rules: { '@typescript-eslint/no-unused-expressions': 'off' }
    }
);
