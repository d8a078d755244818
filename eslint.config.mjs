import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

// Dependency rules between project kinds (nx tags in each package.json). Domain libraries
// hold the pure rules and must never reach for AWS, queues or containers directly.
const awsAndRuntime = [
  '@aws-sdk/*',
  '@smithy/*',
  'sqs-consumer',
  'testcontainers',
  '@testcontainers/*',
];

export default [
  { ignores: ['**/node_modules/**', '.localstack/**', '.tools/**', '.nx/**', '**/dist/**'] },
  ...tseslint.configs.recommended,
  prettier,
  {
    files: ['**/*.ts'],
    plugins: { '@nx': nx },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@nx/enforce-module-boundaries': [
        'error',
        {
          allow: [],
          depConstraints: [
            {
              sourceTag: 'type:domain',
              onlyDependOnLibsWithTags: ['type:domain'],
              bannedExternalImports: awsAndRuntime,
            },
            {
              sourceTag: 'type:adapter',
              onlyDependOnLibsWithTags: ['type:domain', 'type:adapter'],
            },
            {
              sourceTag: 'type:service',
              onlyDependOnLibsWithTags: ['type:domain', 'type:adapter'],
            },
            { sourceTag: 'type:infra', onlyDependOnLibsWithTags: ['type:domain', 'type:adapter'] },
            {
              sourceTag: 'type:app',
              onlyDependOnLibsWithTags: ['type:domain', 'type:adapter', 'type:infra'],
            },
            {
              sourceTag: 'type:test',
              onlyDependOnLibsWithTags: [
                'type:domain',
                'type:adapter',
                'type:infra',
                'type:test-util',
                'type:test',
              ],
            },
            {
              sourceTag: 'type:test-util',
              onlyDependOnLibsWithTags: ['type:domain', 'type:test-util'],
              bannedExternalImports: awsAndRuntime,
            },
          ],
        },
      ],
    },
  },
  {
    // Tests of any project may use the shared test utilities (in-memory store, factories);
    // production sources may not.
    files: ['**/tests/**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          allow: [],
          depConstraints: [
            {
              sourceTag: 'type:domain',
              onlyDependOnLibsWithTags: ['type:domain', 'type:test-util'],
              bannedExternalImports: awsAndRuntime,
            },
            {
              sourceTag: 'type:test-util',
              onlyDependOnLibsWithTags: ['type:domain', 'type:test-util'],
              bannedExternalImports: awsAndRuntime,
            },
            { sourceTag: '*', onlyDependOnLibsWithTags: ['*'] },
          ],
        },
      ],
    },
  },
];
