import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { alive } from '../helpers/process-alive.js';
import { detectDrift } from '../../src/detect/detect-drift.js';
import { defineProvider } from '../../src/providers/define-provider.js';
import { terraformProvider } from '../../src/providers/terraform-provider.js';
import type { ReadResult } from '../../src/providers/types.js';
import { checkProvider } from '../../src/testing/check-provider.js';
import { makeInstance, makeState } from '../../src/testing/make-instance.js';
import { corpusPath, hasCorpus } from '../helpers/corpus.js';

const FAKE = join(import.meta.dirname, '..', 'fixtures', 'fake-terraform', 'terraform');
const REFRESH_ONLY = corpusPath('plan', 'tofu-equiv-drift-refresh-only.plan.json');
const MOVED = corpusPath('plan', 'tofu-equiv-moved-with-drift.plan.json');
const work = mkdtempSync(join(tmpdir(), 'tfdrift-tf-'));
// An initialised working directory, as `terraform init` leaves it.
mkdirSync(join(work, '.terraform'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

let n = 0;
function scratch(): { log: string; pidfile: string } {
  n++;
  return { log: join(work, `log-${n}.jsonl`), pidfile: join(work, `pids-${n}.json`) };
}

function invocations(
  log: string,
): { args: string[]; workspace: string | null; automation: string | null }[] {
  return existsSync(log)
    ? readFileSync(log, 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as never)
    : [];
}

async function waitUntilDead(pids: number[]): Promise<boolean> {
  for (let i = 0; i < 100 && pids.some(alive); i++) await new Promise((r) => setTimeout(r, 20));
  return !pids.some(alive);
}

async function waitForFile(file: string): Promise<void> {
  for (let i = 0; i < 250 && !existsSync(file); i++) await new Promise((r) => setTimeout(r, 20));
}

// The instance exactly as the state had it before the out-of-band change the plan records.
const drifted = makeInstance({
  type: 'tfcoremock_simple_resource',
  name: 'drift',
  provider: 'registry.opentofu.org/hashicorp/tfcoremock',
  attributes: {
    bool: null,
    float: null,
    id: 'cb79269e-dc39-1e68-0a9c-63cb392afda9',
    integer: null,
    number: null,
    string: 'Hello, world!',
  },
});

describe.skipIf(!hasCorpus)('terraformProvider', () => {
  it('passes the provider conformance suite', async () => {
    const { log } = scratch();
    const provider = terraformProvider({
      cwd: work,
      binary: FAKE,
      env: {
        FAKE_TF_PLAN: MOVED,
        FAKE_TF_DELETE: 'tfcoremock_simple_resource.dependent',
        FAKE_TF_LOG: log,
      },
    });
    const base = makeInstance({ type: 'tfcoremock_simple_resource', name: 'base_after', id: 'x' });
    const dependent = makeInstance({
      type: 'tfcoremock_simple_resource',
      name: 'dependent',
      id: 'y',
    });
    const elsewhere = makeInstance({
      type: 'tfcoremock_simple_resource',
      name: 'elsewhere',
      id: 'z',
    });
    expect(
      await checkProvider(provider, { found: [base], notFound: [dependent], failing: [elsewhere] }),
    ).toEqual([]);
  });

  it('a deleted deposed object is missing; it is no evidence about the current object', async () => {
    const provider = terraformProvider({
      cwd: work,
      binary: FAKE,
      env: {
        FAKE_TF_PLAN: MOVED,
        FAKE_TF_DELETE_DEPOSED: 'tfcoremock_simple_resource.elsewhere 0badf00d',
      },
    });
    const current = makeInstance({
      type: 'tfcoremock_simple_resource',
      name: 'elsewhere',
      id: 'z',
    });
    const old = { ...current, id: 'z-old', deposed: '0badf00d' };
    const results = await provider.read([current, old], {
      signal: new AbortController().signal,
      logger: console,
      onProgress: () => undefined,
      limit: () => Promise.resolve(),
    });
    expect(results).toEqual([
      expect.objectContaining({
        status: 'error',
        error: expect.objectContaining({ code: 'NOT_IN_PLAN' }),
      }),
      { address: old.address, status: 'not-found' },
    ]);
  });

  it('reads drift through a refresh-only plan, once per scan, and never applies', async () => {
    const { log } = scratch();
    const tf = terraformProvider({
      cwd: work,
      binary: FAKE,
      workspace: 'prod',
      env: { FAKE_TF_PLAN: REFRESH_ONLY, FAKE_TF_LOG: log },
    });
    const other = makeInstance({ type: 'tfcoremock_simple_resource', name: 'other', id: 'o' });
    // Batches of one: the plan must still run only once for the scan.
    const provider = defineProvider({ ...tf, maxBatchSize: 1 });
    const report = await detectDrift({
      state: makeState([drifted, other]),
      providers: [provider],
      concurrency: 2,
    });
    expect(report.resources.map((r) => [r.address, r.status, r.error?.code])).toEqual([
      ['tfcoremock_simple_resource.drift', 'drifted', undefined],
      ['tfcoremock_simple_resource.other', 'unknown', 'NOT_IN_PLAN'],
    ]);
    expect(report.resources[0]?.patch).toEqual([
      { op: 'replace', path: '/string', value: 'Hello, drift!' },
    ]);
    const calls = invocations(log);
    expect(calls.map((c) => c.args[0])).toEqual(['plan', 'show']);
    expect(calls[0]?.args.slice(0, 5)).toEqual([
      'plan',
      '-refresh-only',
      '-lock=false',
      '-input=false',
      '-no-color',
    ]);
    expect(calls.every((c) => c.workspace === 'prod' && c.automation === '1')).toBe(true);
    const planFile = (calls[0]?.args[5] ?? '').slice('-out='.length);
    expect(planFile).not.toBe('');
    expect(existsSync(planFile)).toBe(false); // the temporary plan is removed
    expect(
      readdirSync(work).filter((f) => !f.startsWith('log-') && !f.startsWith('pids-')),
    ).toEqual(['.terraform']);

    // A second scan runs a second plan.
    await detectDrift({ state: makeState([drifted]), providers: [tf] });
    expect(invocations(log).map((c) => c.args[0])).toEqual(['plan', 'show', 'plan', 'show']);
  });

  it('surfaces stderr, scrubbed of env secrets, when terraform fails', async () => {
    const token = 'tok-0123456789abcdef';
    const provider = terraformProvider({
      cwd: work,
      binary: FAKE,
      env: { FAKE_TF_MODE: 'fail', FAKE_TF_TOKEN: token },
    });
    const report = await detectDrift({ state: makeState([drifted]), providers: [provider] });
    const error = report.resources[0]?.error;
    expect(error?.code).toBe('TERRAFORM_FAILED');
    expect(error?.message).toContain(
      'exited with code 1: Error: No valid credential sources found',
    );
    expect(error?.message).toContain('token [REDACTED] was rejected');
    expect(JSON.stringify(report)).not.toContain(token);
  });

  it('cuts long stderr between words, so the core can still scrub a state secret whole', async () => {
    const secret = `S3cr3t-${'x'.repeat(60)}`;
    const instance = makeInstance({
      type: 'tfcoremock_simple_resource',
      name: 'db',
      attributes: { id: 'db', password: secret },
    });
    const prefix =
      'Error: No valid credential sources found\n\n  with provider["registry.terraform.io/hashicorp/aws"],\n  on main.tf line 1: token ';
    // The secret starts 10 characters before the 800-character cut of the excerpt.
    process.env.FAKE_TF_TOKEN = `${'pad '.repeat(Math.ceil((790 - prefix.length) / 4))}${secret}`;
    try {
      const provider = terraformProvider({
        cwd: work,
        binary: FAKE,
        env: { FAKE_TF_MODE: 'fail' },
      });
      const report = await detectDrift({ state: makeState([instance]), providers: [provider] });
      const message = report.resources[0]?.error?.message ?? '';
      expect(message).toMatch(/ pad…$/);
      expect(message).not.toContain('S3cr3t');
    } finally {
      delete process.env.FAKE_TF_TOKEN;
    }
  });

  it('kills the whole process tree on timeout', async () => {
    const { pidfile } = scratch();
    const provider = terraformProvider({
      cwd: work,
      binary: FAKE,
      timeoutMs: 2500, // long enough for a loaded machine to start node and write the pid file
      env: { FAKE_TF_MODE: 'hang', FAKE_TF_PIDFILE: pidfile },
    });
    const report = await detectDrift({ state: makeState([drifted]), providers: [provider] });
    expect(report.resources[0]).toMatchObject({ status: 'unknown', error: { code: 'TIMEOUT' } });
    const pids = JSON.parse(readFileSync(pidfile, 'utf8')) as number[];
    expect(pids).toHaveLength(2);
    expect(await waitUntilDead(pids)).toBe(true);
  });

  it('kills the process tree and returns promptly when the scan is aborted', async () => {
    const { pidfile } = scratch();
    const controller = new AbortController();
    const provider = terraformProvider({
      cwd: work,
      binary: FAKE,
      env: { FAKE_TF_MODE: 'hang', FAKE_TF_PIDFILE: pidfile },
    });
    const scan = detectDrift({
      state: makeState([drifted]),
      providers: [provider],
      signal: controller.signal,
    });
    await waitForFile(pidfile);
    controller.abort();
    const report = await scan;
    expect(report.resources[0]).toMatchObject({ status: 'unknown', error: { code: 'ABORTED' } });
    const pids = JSON.parse(readFileSync(pidfile, 'utf8')) as number[];
    expect(await waitUntilDead(pids)).toBe(true);
  });

  it('never quotes the plan output when it is not JSON (it holds live secrets)', async () => {
    const report = await detectDrift({
      state: makeState([drifted]),
      providers: [
        terraformProvider({
          cwd: work,
          binary: FAKE,
          env: { FAKE_TF_PLAN: REFRESH_ONLY, FAKE_TF_MODE: 'leakyjson' },
        }),
      ],
    });
    const error = report.resources[0]?.error;
    expect(error?.code).toBe('TERRAFORM_OUTPUT');
    expect(error?.message).toMatch(/printed no readable plan: Unexpected token/);
    expect(error?.message).not.toContain('live-secret');
  });

  it('classifies unreadable output, an errored plan and a missing binary', async () => {
    const state = makeState([drifted]);
    const code = async (options: Parameters<typeof terraformProvider>[0]) =>
      (await detectDrift({ state, providers: [terraformProvider(options)] })).resources[0]?.error
        ?.code;
    expect(
      await code({
        cwd: work,
        binary: FAKE,
        env: { FAKE_TF_PLAN: REFRESH_ONLY, FAKE_TF_MODE: 'badjson' },
      }),
    ).toBe('TERRAFORM_OUTPUT');
    expect(
      await code({
        cwd: work,
        binary: FAKE,
        env: { FAKE_TF_PLAN: REFRESH_ONLY, FAKE_TF_MODE: 'errored' },
      }),
    ).toBe('TERRAFORM_ERRORED');
    // read() on its own (no preflight) still classifies a binary that cannot be spawned.
    const results = await terraformProvider({
      cwd: work,
      binary: join(work, 'no-such-terraform'),
    }).read([drifted], {
      signal: new AbortController().signal,
      logger: console,
      onProgress: () => undefined,
      limit: () => Promise.resolve(),
    });
    expect((results as ReadResult[])[0]).toMatchObject({
      status: 'error',
      error: { code: 'TERRAFORM_NOT_FOUND' },
    });
    expect(() => terraformProvider({ cwd: '' })).toThrow(
      expect.objectContaining({ code: 'PROVIDER_CONFIG' }),
    );
  });
});

describe('terraformProvider preflight: one error before any read', () => {
  // Many instances: before, each got the same error line.
  const many = makeState(
    Array.from({ length: 500 }, (_, i) =>
      makeInstance({ type: 'tfcoremock_simple_resource', name: `r${i}`, id: `id-${i}` }),
    ),
  );
  const failure = async (options: Parameters<typeof terraformProvider>[0]) =>
    detectDrift({ state: many, providers: [terraformProvider(options)] }).then(
      () => undefined,
      (error: unknown) => error as { code: string; message: string; issues: { path: string }[] },
    );

  it('a working directory that does not exist (the binary does)', async () => {
    const { log } = scratch();
    const missing = join(work, 'no-such-dir');
    const error = await failure({ cwd: missing, binary: FAKE, env: { FAKE_TF_LOG: log } });
    expect(error).toMatchObject({
      code: 'PROVIDER_CONFIG',
      message: `The Terraform working directory ${missing} does not exist`,
      issues: [{ path: '/cwd' }],
    });
    expect(invocations(log)).toEqual([]);
  });

  it('a working directory that is a file', async () => {
    const file = join(work, 'a-file');
    writeFileSync(file, '');
    expect(await failure({ cwd: file, binary: FAKE })).toMatchObject({
      code: 'PROVIDER_CONFIG',
      message: expect.stringContaining('is not a directory') as unknown,
    });
  });

  it('a binary that is not on PATH, or a path that is not executable', async () => {
    const empty = join(work, 'empty-bin');
    mkdirSync(empty, { recursive: true });
    expect(
      await failure({ cwd: work, binary: 'terraform-not-installed', env: { PATH: empty } }),
    ).toMatchObject({
      code: 'PROVIDER_CONFIG',
      message:
        'terraform-not-installed was not found on PATH: install Terraform (or OpenTofu) or pass the path to it',
      issues: [{ path: '/binary' }],
    });
    const notExecutable = join(empty, 'terraform');
    writeFileSync(notExecutable, '#!/bin/sh\n');
    chmodSync(notExecutable, 0o644);
    expect(await failure({ cwd: work, binary: notExecutable })).toMatchObject({
      issues: [{ path: '/binary' }],
    });
  });

  it('finds the binary on the PATH it will run with', async () => {
    const { log } = scratch();
    const report = await detectDrift({
      state: makeState([drifted]),
      providers: [
        terraformProvider({
          cwd: work,
          env: {
            PATH: `${dirname(FAKE)}:${process.env.PATH ?? ''}`,
            FAKE_TF_PLAN: REFRESH_ONLY,
            FAKE_TF_LOG: log,
          },
        }),
      ],
    });
    expect(report.resources[0]?.status).toBe('drifted');
    expect(invocations(log).map((c) => c.args[0])).toEqual(['plan', 'show']);
  });

  it('a directory where terraform init has not run (no .terraform, or no TF_DATA_DIR)', async () => {
    const { log } = scratch();
    const fresh = mkdtempSync(join(work, 'fresh-'));
    expect(await failure({ cwd: fresh, binary: FAKE, env: { FAKE_TF_LOG: log } })).toMatchObject({
      code: 'PROVIDER_CONFIG',
      message: `The Terraform working directory ${fresh} is not initialised (no .terraform directory): run \`${FAKE} init\` there first`,
    });
    expect(
      await failure({ cwd: fresh, binary: FAKE, env: { TF_DATA_DIR: 'elsewhere' } }),
    ).toMatchObject({ message: expect.stringContaining('(no elsewhere directory)') as unknown });
    mkdirSync(join(fresh, 'elsewhere'));
    const report = await detectDrift({
      state: makeState([drifted]),
      providers: [
        terraformProvider({
          cwd: fresh,
          binary: FAKE,
          env: { TF_DATA_DIR: 'elsewhere', FAKE_TF_PLAN: REFRESH_ONLY, FAKE_TF_LOG: log },
        }),
      ],
    });
    expect(report.resources[0]?.status).toBe('drifted');
  });
});
