import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // The AWS SDK's eight-line NodeVersionSupportWarning (Node < 22) once per test file that
    // makes a client is noise here; test/cli/aws-sdk-warning.test.ts covers the CLI's switch.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    reporters: ['default', ['json', { outputFile: 'temp/vitest-results.json' }]],
  },
});
