/**
 * The workflow is YAML that GitHub runs and no test here can: check its structure and that
 * every tfdrift command and flag it uses exists, and that it runs no file of this repository
 * (a repository that copies it has none). examples.test.ts runs its inline merge step.
 */
import { describe, expect, it } from 'vitest';
import { SCAN_HELP } from '../../src/cli/scan.js';
import { WORKFLOW as text, yaml, type WorkflowStep as Step } from './example-harness.js';
interface Workflow {
  on: { schedule: { cron: string }[] };
  permissions: Record<string, string>;
  jobs: Record<
    string,
    { needs?: string; strategy?: { matrix: Record<string, unknown[]> }; steps: Step[] }
  >;
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
      expect(report.steps.some((s) => s.run?.includes('mergeReports('))).toBe(true);
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

  it('is self-contained: it runs no script of this repository, which a copy would lack', () => {
    expect(text).not.toMatch(/\b(?:tsx|node) +(?:\.\/)?[\w./-]+\.[cm]?[jt]s\b/);
    expect(text).not.toContain('examples/');
  });
});
