import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseReport, parseState } from '../../src/index.js';
import { EXAMPLES, ROOT, built, runBash, runTs, workflowStep, yaml } from './example-harness.js';

const BASIC_STATE = join(EXAMPLES, 'basic', 'terraform.tfstate');
const BASIC_LIVE = join(EXAMPLES, 'basic', 'live-snapshot.json');

/** A snapshot equal to a state's attributes: nothing drifted. */
function inSyncSnapshot(statePath: string): string {
  const state = parseState(readFileSync(statePath, 'utf8'));
  const resources = Object.fromEntries(
    state.resources
      .filter((r) => r.mode === 'managed')
      .map((r) => [r.address, { attributes: r.attributes }]),
  );
  return (
    JSON.stringify(resources, (_k, v: unknown) => (typeof v === 'bigint' ? Number(v) : v)).replace(
      /^/,
      '{"resources":',
    ) + '}'
  );
}

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'tfdrift-examples-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe.skipIf(!built)('examples', () => {
  it('type-check (tsc -p examples)', async () => {
    const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    const result = await promisify(execFile)(process.execPath, [tsc, '-p', 'examples'], {
      cwd: ROOT,
      timeout: 120_000,
    }).catch((error: { stdout: string }) => ({ stdout: error.stdout, failed: true }));
    expect(result.stdout).toBe('');
  });

  describe('ci-gate', () => {
    it('exits 2 on drift, with a Markdown job summary', async () => {
      const summary = join(tmp, 'summary.md');
      const { code, stdout } = await runTs(
        join(EXAMPLES, 'ci-gate', 'gate.ts'),
        [BASIC_STATE, BASIC_LIVE],
        {
          env: { GITHUB_STEP_SUMMARY: summary },
        },
      );
      expect(code).toBe(2);
      expect(stdout).toContain('Drift detected');
      expect(readFileSync(summary, 'utf8')).toContain('| Drifted |');
    });

    it('exits 0 when in sync and 1 when the state is missing', async () => {
      const live = join(tmp, 'in-sync.json');
      writeFileSync(live, inSyncSnapshot(BASIC_STATE));
      const ok = await runTs(join(EXAMPLES, 'ci-gate', 'gate.ts'), [BASIC_STATE, live]);
      expect(ok.stdout).toContain('No drift');
      expect(ok.code).toBe(0);
      const bad = await runTs(join(EXAMPLES, 'ci-gate', 'gate.ts'), [
        join(tmp, 'nope.tfstate'),
        live,
      ]);
      expect(bad.code).toBe(1);
      expect(bad.stderr).toMatch(/^STATE_SOURCE: /);
    });
  });

  describe('custom-cli', () => {
    it('is at most 30 lines', () => {
      const lines = readFileSync(join(EXAMPLES, 'custom-cli', 'drift.ts'), 'utf8')
        .trimEnd()
        .split('\n');
      expect(lines.length).toBeLessThanOrEqual(30);
    });

    it('scans envs/<env> and prints the chosen format', async () => {
      const env = join(tmp, 'cli', 'envs', 'staging');
      mkdirSync(env, { recursive: true });
      writeFileSync(join(env, 'terraform.tfstate'), readFileSync(BASIC_STATE));
      writeFileSync(join(env, 'live.json'), readFileSync(BASIC_LIVE));
      const { code, stdout } = await runTs(
        join(EXAMPLES, 'custom-cli', 'drift.ts'),
        ['--env', 'staging', '--format', 'markdown'],
        {
          cwd: join(tmp, 'cli'),
        },
      );
      expect(code).toBe(2);
      expect(stdout).toContain('## ⚠️ tfdrift drift report: drift detected');
      const missing = await runTs(join(EXAMPLES, 'custom-cli', 'drift.ts'), ['--env', 'nowhere'], {
        cwd: join(tmp, 'cli'),
      });
      expect(missing.code).toBe(1);
      expect(missing.stderr).toMatch(/^drift: /);
    });
  });

  describe('github-actions', () => {
    it.skipIf(yaml === undefined)(
      "the workflow's merge step merges matrix reports into SARIF and Markdown, exits 2 on drift",
      async () => {
        // Run where `tfdrift` resolves as in a repository that installed it: inside this one.
        mkdirSync(join(ROOT, 'temp'), { recursive: true });
        const work = mkdtempSync(join(ROOT, 'temp', 'gha-'));
        try {
          for (const dir of ['drift-0', 'drift-1'])
            mkdirSync(join(work, 'reports', dir), { recursive: true });
          const { detectDrift, snapshotProvider } = await import('tfdrift');
          const live = join(tmp, 'in-sync-gha.json');
          writeFileSync(live, inSyncSnapshot(BASIC_STATE));
          const drifted = await detectDrift({
            state: BASIC_STATE,
            providers: [snapshotProvider({ file: BASIC_LIVE })],
          });
          const clean = await detectDrift({
            state: BASIC_STATE,
            providers: [snapshotProvider({ file: live })],
          });
          writeFileSync(join(work, 'reports', 'drift-0', 'report.json'), JSON.stringify(drifted));
          writeFileSync(
            join(work, 'reports', 'drift-1', 'report.json'),
            JSON.stringify({ ...clean, states: [{ source: 'other/terraform.tfstate' }] }),
          );
          const summary = join(work, 'summary.md');
          const { code, stdout, stderr } = await runBash(workflowStep('merge').run!, work, {
            GITHUB_STEP_SUMMARY: summary,
          });
          expect(stderr).toBe('');
          expect(code).toBe(2);
          expect(stdout).toContain('Drift detected');
          const sarif = JSON.parse(readFileSync(join(work, 'drift.sarif'), 'utf8'));
          expect(sarif.version).toBe('2.1.0');
          expect(sarif.runs[0].results.length).toBeGreaterThan(0);
          const merged = parseReport(readFileSync(join(work, 'drift.json'), 'utf8'));
          expect(merged.states.map((s) => s.source)).toContain('other/terraform.tfstate');
          expect(readFileSync(summary, 'utf8')).toContain('| Drifted |');
        } finally {
          rmSync(work, { recursive: true, force: true });
        }
      },
    );
  });
});
