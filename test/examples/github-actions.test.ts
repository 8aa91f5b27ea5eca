/**
 * The workflow is YAML that GitHub runs and no test here can: check its structure and that
 * every tfdrift command and flag it uses exists, and every file it runs is in the repository.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SCAN_HELP } from '../../src/cli/scan.js';
import { EXAMPLES, ROOT } from './example-harness.js';

const text = readFileSync(join(EXAMPLES, 'github-actions', 'drift.yml'), 'utf8');

interface Step {
  run?: string;
  uses?: string;
  with?: Record<string, unknown>;
}
interface Workflow {
  on: { schedule: { cron: string }[] };
  permissions: Record<string, string>;
  jobs: Record<
    string,
    { needs?: string; strategy?: { matrix: Record<string, unknown[]> }; steps: Step[] }
  >;
}

// js-yaml comes with eslint; without it, only the text checks below run.
let yaml: { load(text: string): unknown } | undefined;
try {
  yaml = createRequire(import.meta.url)('js-yaml') as typeof yaml;
} catch {
  console.warn('[tfdrift tests] js-yaml not installed: the workflow is checked as text only');
}

describe('github-actions example', () => {
  it.skipIf(yaml === undefined)(
    'is a nightly workflow with a matrix over workspaces, a merge job and a SARIF upload',
    () => {
      const wf = yaml!.load(text) as Workflow;
      expect(wf.on.schedule[0]!.cron).toMatch(/^\d+ \d+ \* \* \*$/);
      expect(wf.permissions['security-events']).toBe('write');
      const scan = wf.jobs.scan!;
      expect(scan.strategy!.matrix.workspace!.length).toBeGreaterThan(1);
      expect(scan.steps.some((s) => s.run?.includes('${{ matrix.workspace }}'))).toBe(true);
      expect(scan.steps.some((s) => s.uses?.startsWith('actions/upload-artifact@'))).toBe(true);
      const report = wf.jobs.report!;
      expect(report.needs).toBe('scan');
      expect(report.steps.some((s) => s.run?.includes('merge-reports.ts'))).toBe(true);
      const upload = report.steps.find((s) =>
        s.uses?.startsWith('github/codeql-action/upload-sarif@'),
      );
      expect(upload?.with?.sarif_file).toBe('drift.sarif');
    },
  );

  it('uses only tfdrift commands and flags that exist', () => {
    const steps = text
      .split(/\n\s*- (?=uses:|run:|id:|if:|name:)/)
      .filter((step) => step.includes('npx tfdrift'));
    expect(steps.length).toBeGreaterThan(0);
    const flags = new Set<string>();
    for (const step of steps) {
      const command = step.slice(step.indexOf('npx tfdrift'));
      expect(command).toMatch(/^npx tfdrift scan\s/);
      for (const flag of command.match(/--[\w-]+/g) ?? []) flags.add(flag);
    }
    expect([...flags]).toEqual(
      expect.arrayContaining(['--config', '--aws', '--format', '--output', '--fail-on']),
    );
    for (const flag of flags) expect(SCAN_HELP).toContain(`${flag} `);
  });

  it('runs only scripts that exist', () => {
    for (const [, path] of text.matchAll(/npx tsx (\S+)/g))
      expect(existsSync(join(ROOT, path!))).toBe(true);
  });
});
