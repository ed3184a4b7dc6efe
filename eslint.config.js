// Resolvers must pass AppSync's own lint rules: they decide what APPSYNC_JS accepts.
import appsync from '@aws-appsync/eslint-plugin';
import tsParser from '@typescript-eslint/parser';

export default [
  {
    files: ['resolvers/**/*.ts'],
    languageOptions: { parser: tsParser, parserOptions: { ecmaVersion: 2020, sourceType: 'module', project: './resolvers/tsconfig.json' } },
    plugins: { '@aws-appsync': appsync },
    rules: { ...appsync.configs.recommended.rules },
  },
];
