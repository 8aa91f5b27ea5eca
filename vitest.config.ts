import { existsSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Example tests import `tfdrift` as users do, which resolves to dist/: they run once it is
    // built (`npm test` builds first), and `npx vitest run examples/custom-provider` works as
    // the examples' README says.
    include: [
      'test/**/*.test.ts',
      ...(existsSync(new URL('dist/index.js', import.meta.url)) ? ['examples/**/*.test.ts'] : []),
    ],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // The AWS SDK's eight-line NodeVersionSupportWarning (Node < 22) once per test file that
    // makes a client is noise here; test/cli/aws-sdk-warning.test.ts covers the CLI's switch.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    reporters: ['default', ['json', { outputFile: 'temp/vitest-results.json' }]],
  },
});
