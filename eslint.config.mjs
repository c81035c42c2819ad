import nx from '@nx/eslint-plugin';
import prettier from 'eslint-config-prettier/flat';

// Banned in domain code: the domain is plain functions; frameworks and drivers live at the edges.
const infrastructurePackages = [
  'fastify',
  'fastify-*',
  '@fastify/*',
  '@prisma/*',
  'kafkajs',
  'pg',
  'ioredis',
  'nodemailer',
];

const databaseAccessMessage =
  "Only a service's src/persistence/ (and @shop/persistence) talks to the database: " + 'go through a repository port.';

// Where the database driver, the Prisma client and the generated clients may be imported: the two
// data-access layers (a service's src/persistence/ and @shop/persistence, which also owns the pool
// and the LISTEN connection that messaging and runtime use through it), and whatever sets up or
// inspects a real database for a test or a tool — tests, test support, tools (migrate, benchmarks),
// e2e and the development programs under dev/.
const databaseAccessAllowed = [
  'apps/*/src/persistence/**',
  'libs/persistence/**',
  'libs/testing/**',
  'libs/service-testing/**',
  'apps/*/src/test-support/**',
  '**/*.test.ts',
  'tools/**',
  'e2e/**',
  'dev/**',
];

/**
 * Nx tags: what a kind of project may depend on, and who may depend on whom. An app's tests and
 * test support may also use the development programs under dev/ (the card-provider simulator, the
 * mail sink); its production code may not, so they never enter a service's build.
 */
const e2eDeps = ['type:contracts', 'type:infra', 'type:testing'];
const boundaries = (appMay, e2eMay = e2eDeps) => [
  // What a kind of project may depend on.
  {
    sourceTag: 'type:app',
    onlyDependOnLibsWithTags: appMay,
  },
  { sourceTag: 'type:infra', onlyDependOnLibsWithTags: ['type:contracts', 'type:infra', 'type:testing'] },
  { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:contracts', 'type:infra', 'type:testing'] },
  { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: ['type:contracts'] },
  { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: e2eMay },
  {
    sourceTag: 'type:domain',
    onlyDependOnLibsWithTags: ['type:contracts', 'type:domain'],
    bannedExternalImports: infrastructurePackages,
  },
  // Who may depend on whom: a service only on itself and shared libs, so no app imports another.
  { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
  { sourceTag: 'scope:user', onlyDependOnLibsWithTags: ['scope:user', 'scope:shared'] },
  { sourceTag: 'scope:inventory', onlyDependOnLibsWithTags: ['scope:inventory', 'scope:shared'] },
  { sourceTag: 'scope:order', onlyDependOnLibsWithTags: ['scope:order', 'scope:shared'] },
  { sourceTag: 'scope:payment', onlyDependOnLibsWithTags: ['scope:payment', 'scope:shared'] },
  { sourceTag: 'scope:notification', onlyDependOnLibsWithTags: ['scope:notification', 'scope:shared'] },
];
const appDeps = ['type:contracts', 'type:infra', 'type:domain', 'type:testing'];

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  {
    ignores: ['**/dist', '**/node_modules', '**/src/generated/**', '.tools/**', '.data/**', '.nx/**'],
  },
  {
    files: ['**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: boundaries(appDeps),
        },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // End-to-end tests may start a development program in-process (the card-provider simulator).
    files: ['e2e/**/*.test.ts', 'e2e/invariants/**/*.ts', 'e2e/chaos/**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: boundaries(appDeps, [...e2eDeps, 'type:dev']),
        },
      ],
    },
  },
  {
    files: ['apps/*/src/**/*.test.ts', 'apps/*/src/test-support/**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        { enforceBuildableLibDependency: false, allow: [], depConstraints: boundaries([...appDeps, 'type:dev']) },
      ],
    },
  },
  {
    // libs/messaging is the only place that speaks Kafka, so the client library can be swapped there.
    files: ['**/*.ts'],
    ignores: ['libs/messaging/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'kafkajs', message: 'Use @shop/messaging: it is the only module that imports the Kafka client.' },
          ],
        },
      ],
    },
  },
  {
    // The data-access rule (libs/persistence/README.md): no driver, Prisma client or Prisma type
    // outside the persistence layers. A rule of its own (the typescript-eslint variant of
    // no-restricted-imports, type imports included) so it adds to the Kafka rule above rather than
    // replacing it.
    files: ['**/*.ts'],
    ignores: databaseAccessAllowed,
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: ['pg', '@prisma/client', '@prisma/adapter-pg'].map((name) => ({
            name,
            message: databaseAccessMessage,
          })),
          patterns: [{ group: ['**/generated/**', '@prisma/client/*'], message: databaseAccessMessage }],
        },
      ],
    },
  },
  {
    // A service keeps its pure domain in src/domain: no framework, driver or transport there.
    files: ['apps/*/src/domain/**/*.ts', 'libs/*-domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: infrastructurePackages,
              message: 'Domain code is pure: keep frameworks and drivers at the edges.',
            },
            {
              group: ['@shop/messaging', '@shop/http', '@shop/persistence', '@shop/telemetry'],
              message: 'Domain code depends on contracts only.',
            },
            { group: ['**/generated/**'], message: 'Prisma types never cross the repository port.' },
          ],
        },
      ],
      // The rule above already refuses the driver, Prisma and generated clients here, with the domain's reason.
      '@typescript-eslint/no-restricted-imports': 'off',
    },
  },
  {
    // Tests assert on shapes they just checked; a non-null assertion there is the assertion.
    files: ['**/*.test.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  // Last: turns off every stylistic rule that would fight Prettier, which owns formatting.
  prettier,
];
