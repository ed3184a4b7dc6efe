import { defineConfig } from 'vitest/config';
import LongestFirstSequencer from './test/support/longest-first-sequencer.js';

export default defineConfig({
  resolve: {
    // Node resolves `graphql` to its CommonJS build (graphql 16 has no exports map); Vite would
    // pick the ES build from its "module" field. graphql-jit, loaded by Node, would then see a
    // second graphql ("from another module or realm"). Resolve it as Node does.
    alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }],
  },
  test: {
    include: ['test/**/*.test.ts', 'local/**/*.test.ts', 'functions/**/*.test.ts', 'infra/**/*.test.ts', 'cli/**/*.test.ts', 'api/**/*.test.ts'],
    // Handlers log JSON per step; tests only want warnings and errors.
    // The SDK's notice that it will need Node 22 from 2027 is true but repeats in every worker.
    env: { LOG_LEVEL: 'WARN', BLOBS_RESOLVER_LOGS: 'off', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    // test/global-setup.ts marks every process the run starts and fails the run if one outlives
    // it; test/support/global-setup.ts builds the CLI once.
    globalSetup: ['test/global-setup.ts', 'test/support/global-setup.ts'],
    // Generous: on a busy 2-core machine a stack start or a labelling can take many times longer
    // than on a quiet one. Speed is measured by npm run bench, not here.
    testTimeout: 180_000,
    hookTimeout: 300_000,
    pool: 'forks',
    // Each worker process runs file after file with its modules kept: a file that starts a
    // stack then imports the SDK, the engine and the handlers once per worker, not once per file
    // (a third of the suite's CPU). Files leave no global state behind: each one configures
    // Amplify, installs its WebSocket and restores its mocks itself.
    isolate: false,
    // Three workers on two cores: most files spend much of their time waiting (a stack's
    // timers, a queue's visibility timeout, a restarted process), so a third overlaps those waits
    // with work; the labeller is CPU-bound, so no more than that.
    maxWorkers: 3,
    // The longest files first, so none of them runs alone at the end (test/support/longest-first-sequencer.ts).
    sequence: { sequencer: LongestFirstSequencer },
  },
});
