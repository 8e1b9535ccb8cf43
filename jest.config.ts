import type { Config } from 'jest';

/** swc compiles TypeScript with legacy decorators and decorator metadata, like tsc. */
const transform: Config['transform'] = {
  '^.+\\.ts$': [
    '@swc/jest',
    {
      jsc: {
        parser: { syntax: 'typescript', decorators: true },
        transform: { legacyDecorator: true, decoratorMetadata: true },
        target: 'es2022',
      },
      module: { type: 'commonjs' },
    },
  ],
};

/** Tests run against the packages' sources, not their build output. */
const moduleNameMapper: Config['moduleNameMapper'] = {
  '^@mvent/([a-z-]+)/internal$': '<rootDir>/packages/$1/src/internal.ts',
  '^@mvent/((?!sample-)[a-z-]+)$': '<rootDir>/packages/$1/src/index.ts',
};

const project = (displayName: string, roots: string[]): Config => ({
  displayName,
  rootDir: __dirname,
  roots: roots.map(root => `<rootDir>/${root}`),
  testMatch: ['**/*.spec.ts'],
  testEnvironment: 'node',
  transform,
  moduleNameMapper,
  setupFiles: ['reflect-metadata'],
});

const config: Config = {
  projects: [
    project('core', ['packages/core/test']),
    project('testing', ['packages/testing/test']),
    project('shared-memory', ['packages/shared-memory/test']),
    project('syft-events', ['packages/syft-events/test']),
    project('metrics', ['packages/metrics/test']),
    project('microservices', ['packages/microservices/test']),
    project('cli', ['packages/cli/test']),
    project('samples', ['samples']),
    project('packaging', ['test/packaging']),
  ],
  testTimeout: 30_000,
  // Most suites wait on child processes, servers and files rather than compute: two workers
  // keep a 2-core machine busy (jest's default there is one) and halve the run (271 s -> 169 s).
  maxWorkers: 2,
};

export default config;
