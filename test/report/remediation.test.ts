/**
 * Remediation: the action and exact command set on every drifted, missing and unmanaged
 * finding. The commands are run through real shells (`sh` and `bash`) against a stand-in
 * `terraform` / `aws` that records its arguments, so quoting is proved, not eyeballed.
 */
import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  InvalidOptionError,
  detectDrift,
  formatAddress,
  parseAddress,
  suggestRemediation,
} from '../../src/index.js';
import type { LiveResource, Remediation, ResourceReport } from '../../src/index.js';
import { makeInstance, makeState } from '../../src/testing/make-instance.js';
import { fakeProvider, type Live } from '../detect/fake-providers.js';

/**
 * Stand-ins for `terraform` and `aws`: shell functions that print the argument vector they
 * received (arguments after a unit separator, calls ended by a record separator). The
 * commands never hold either character: every control character is refused or escaped.
 */
const STAND_INS = ['terraform', 'aws']
  .map(
    (name) =>
      `${name}() { printf '%s' ${name}; for a; do printf '\\037%s' "$a"; done; printf '\\036'; }`,
  )
  .join('\n');

/** Runs each command in `shell` and returns the argument vectors the stand-ins received. */
function argvsOf(commands: string[], shell: 'sh' | 'bash'): string[][] {
  const out = execFileSync(shell, ['-c', `${STAND_INS}\n${commands.join('\n')}`], {
    encoding: 'utf8',
  });
  return out
    .split('\u001e')
    .filter((call) => call !== '')
    .map((call) => call.split('\u001f'));
}

function report(
  address: string,
  status: ResourceReport['status'],
  extra: Partial<ResourceReport> = {},
): ResourceReport {
  const parts = parseAddress(address);
  return { address, type: parts.type, provider: 'fake', status, patch: [], changes: [], ...extra };
}

const HOSTILE_ADDRESSES = [
  'aws_instance.web',
  'aws_instance.web["a b"]',
  `aws_instance.web["it's"]`,
  'aws_instance.web["$(touch /tmp/pwned)"]',
  'aws_instance.web["`id`;rm -rf ~"]',
  'aws_instance.web["\\"quoted\\" & | > < !! \\\\"]',
  'module.net["eu west"].module.db[3].aws_db_instance.main["x\'y"]',
  'aws_instance.web["line\\nbreak"]',
  'aws_instance.web["esc \\u001b]52;c;cm0=\\u0007"]',
  'aws_instance.web["rtl \\u202e evil"]',
  'aws_instance.web["$${var.x} %%{ if }"]',
  'aws_instance.web[12]',
];

describe('commands survive a real shell', () => {
  it.each(['sh', 'bash'] as const)(
    'replace, revert and re-create pass each hostile address as one argument (%s)',
    (shell) => {
      const cases: [ResourceReport, 'replace' | 'revert' | 'recreate' | 'accept', string[]][] = [];
      for (const address of HOSTILE_ADDRESSES) {
        const canonical = formatAddress(parseAddress(address));
        cases.push([
          report(address, 'drifted'),
          'replace',
          ['terraform', 'apply', `-replace=${canonical}`],
        ]);
        cases.push([
          report(address, 'drifted'),
          'revert',
          ['terraform', 'apply', `-target=${canonical}`],
        ]);
        cases.push([
          report(address, 'drifted'),
          'accept',
          ['terraform', 'apply', '-refresh-only', `-target=${canonical}`],
        ]);
        cases.push([
          report(address, 'missing'),
          'recreate',
          ['terraform', 'apply', `-target=${canonical}`],
        ]);
      }
      const commands = cases.map(([r, action]) => {
        const fix = suggestRemediation(r, action);
        expect(fix?.action).toBe(action);
        // Printed for a person: one line, no control or bidirectional character in it.
        // eslint-disable-next-line no-control-regex
        expect(fix?.command).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
        return fix?.command as string;
      });
      expect(argvsOf(commands, shell)).toEqual(cases.map(([, , argv]) => argv));
      // What Terraform gets parses back to the very instance.
      for (const address of HOSTILE_ADDRESSES) {
        const argv = argvsOf(
          [suggestRemediation(report(address, 'drifted'))?.command as string],
          shell,
        )[0];
        expect(parseAddress((argv?.[2] ?? '').slice('-replace='.length))).toEqual(
          parseAddress(address),
        );
      }
    },
  );

  it('quotes any for_each key so that Terraform receives its address (property, 200 keys in one shell)', () => {
    const keys = fc.sample(fc.string({ unit: 'binary', maxLength: 24 }), {
      numRuns: 200,
      seed: 14,
    });
    const addresses = keys.map((key) =>
      formatAddress({
        modules: [{ name: 'm', key }],
        mode: 'managed',
        type: 'aws_instance',
        name: 'web',
        key,
      }),
    );
    const commands = addresses.map(
      (a) => suggestRemediation(report(a, 'drifted'))?.command as string,
    );
    const argvs = argvsOf(commands, 'sh');
    expect(argvs.map((argv) => parseAddress((argv[2] ?? '').slice('-replace='.length)))).toEqual(
      addresses.map((a) => parseAddress(a)),
    );
  });

  it('gives no command for an address that is not Terraform syntax (a hostile module string)', () => {
    const fix = suggestRemediation(
      report('aws_instance.web', 'drifted', { address: "module.x'\u001b[2J.aws_instance.web" }),
    );
    expect(fix).toMatchObject({ action: 'replace' });
    expect(fix?.command).toBeUndefined();
    expect(fix?.summary).toContain('\\u001b');
    expect(fix?.summary).not.toContain('\u001b');
  });

  it('deletes unmanaged objects with the AWS CLI, the id one argument and the region kept', () => {
    const live: LiveResource[] = [
      { type: 'aws_instance', id: 'i-0abc', location: 'eu-west-1' },
      { type: 'aws_s3_bucket', id: "odd'bucket $(x)" },
      { type: 'aws_iam_role', id: 'role;rm -rf /', location: '123456789012' },
    ];
    const commands = live.map((l) => suggestRemediation(l, 'delete')?.command as string);
    expect(argvsOf(commands, 'sh')).toEqual([
      ['aws', 'ec2', 'terminate-instances', '--instance-ids', 'i-0abc', '--region', 'eu-west-1'],
      ['aws', 's3', 'rb', "s3://odd'bucket $(x)"],
      ['aws', 'iam', 'delete-role', '--role-name', 'role;rm -rf /'],
    ]);
  });
});

describe('suggestRemediation', () => {
  it('replaces drift, re-creates missing resources and needs nothing for the rest', () => {
    expect(suggestRemediation(report('aws_instance.web', 'drifted'))).toEqual({
      action: 'replace',
      summary:
        'Replace aws_instance.web: destroy the drifted object and create a clean one from code',
      command: "terraform apply -replace='aws_instance.web'",
    });
    expect(suggestRemediation(report('aws_instance.web', 'missing'))).toMatchObject({
      action: 'recreate',
      command: "terraform apply -target='aws_instance.web'",
    });
    for (const status of ['in-sync', 'unknown', 'unsupported'] as const) {
      expect(suggestRemediation(report('aws_instance.web', status))).toBeUndefined();
    }
    expect(suggestRemediation(report('aws_instance.web', 'drifted'), 'import')).toBeUndefined();
    expect(suggestRemediation(report('aws_instance.web', 'missing'), 'replace')).toBeUndefined();
  });

  it('accepting lists the changed paths and never a value, even a revealed secret', () => {
    const fix = suggestRemediation(
      report('aws_db_instance.main', 'drifted', {
        changes: [
          {
            op: 'replace',
            path: '/password',
            expected: 'old',
            actual: 'hunter2-S3CR3T',
            sensitive: true,
          },
          {
            op: 'replace',
            path: '/instance_class',
            expected: 'db.t3.micro',
            actual: 'db.t3.large',
            sensitive: false,
          },
        ],
      }),
      'accept',
    );
    expect(fix).toEqual({
      action: 'accept',
      summary:
        'Accept the live state of aws_db_instance.main: record it in state, then change the code to match',
      command: "terraform apply -refresh-only -target='aws_db_instance.main'",
      code: '# Change the configuration of aws_db_instance.main to the live values of: /password, /instance_class',
    });
    expect(JSON.stringify(fix)).not.toMatch(/hunter2|db\.t3/);
  });

  it('sends a deposed object to the next apply, which destroys it', () => {
    expect(
      suggestRemediation(report('aws_instance.web', 'drifted', { deposed: 'abcd1234' })),
    ).toEqual({
      action: 'revert',
      summary: 'Deposed object abcd1234 of aws_instance.web: the next terraform apply destroys it',
      command: 'terraform apply',
    });
  });

  it('imports unmanaged objects with a block, and refuses ids that cannot be printed or look like keys', () => {
    expect(
      suggestRemediation({ type: 'aws_s3_bucket', id: 'stray', name: 'Stray Bucket' }),
    ).toEqual({
      action: 'import',
      summary:
        'Import aws_s3_bucket stray as aws_s3_bucket.stray_bucket: add the import block, generate its configuration, review it and apply',
      command: 'terraform plan -generate-config-out=generated.tf',
      code: 'import {\n  to = aws_s3_bucket.stray_bucket\n  id = "stray"\n}',
    });
    const escape = suggestRemediation(
      { type: 'aws_instance', id: 'i-1\u001b]0;x\u0007' },
      'delete',
    );
    expect(escape?.command).toBeUndefined();
    expect(escape?.summary).not.toContain('\u001b');
    const key = suggestRemediation({
      type: 'aws_s3_bucket',
      id: 'ghp_0123456789abcdefghijABCDEFGHIJ012345',
    });
    expect(key).toMatchObject({ action: 'import' });
    expect(JSON.stringify(key)).not.toContain('ghp_0123456789abcdefghijABCDEFGHIJ012345');
    expect(suggestRemediation({ type: 'google_storage_bucket', id: 'x' }, 'delete')).toEqual({
      action: 'delete',
      summary:
        "Delete google_storage_bucket x with its provider's console or CLI (no command known for this type)",
    });
  });
});

describe('detectDrift sets remediation under its policy', () => {
  const web = makeInstance({
    type: 'aws_instance',
    name: 'web',
    indexKey: 'a b',
    attributes: { id: 'i-1', instance_type: 't3.micro' },
  });
  const gone = makeInstance({ type: 'aws_instance', name: 'gone', attributes: { id: 'i-2' } });
  const fine = makeInstance({ type: 'aws_instance', name: 'fine', attributes: { id: 'i-3' } });
  const live = new Map<string, Live>([
    [web.address, { id: 'i-1', instance_type: 't3.large' }],
    [gone.address, null],
    [fine.address, { id: 'i-3' }],
  ]);
  const listed: LiveResource[] = [{ type: 'aws_instance', id: 'i-9', location: 'eu-west-1' }];
  const scan = (remediation?: Parameters<typeof detectDrift>[0]['remediation']) =>
    detectDrift({
      state: makeState([web, gone, fine]),
      providers: [fakeProvider({ types: ['aws_instance'], live, listed })],
      unmanaged: true,
      ...(remediation === undefined ? {} : { remediation }),
    });
  const fixes = (r: Awaited<ReturnType<typeof scan>>) =>
    [...r.resources.map((x) => x.remediation), ...r.unmanaged.map((u) => u.remediation)].map(
      (f) => f?.command,
    );

  it('replace (default) and revert', async () => {
    expect(fixes(await scan())).toEqual([
      undefined,
      "terraform apply -target='aws_instance.gone'",
      `terraform apply -replace='aws_instance.web["a b"]'`,
      'terraform plan -generate-config-out=generated.tf',
    ]);
    expect(fixes(await scan('revert'))).toEqual([
      undefined,
      "terraform apply -target='aws_instance.gone'",
      `terraform apply -target='aws_instance.web["a b"]'`,
      'terraform plan -generate-config-out=generated.tf',
    ]);
  });

  it('a function chooses per resource, and undefined means the default', async () => {
    const seen: string[] = [];
    const report = await scan((resource, suggest) => {
      seen.push('status' in resource ? resource.address : `${resource.type} ${resource.id}`);
      if (!('status' in resource)) return suggest('delete');
      if (resource.status === 'drifted') return suggest('accept');
      return undefined;
    });
    expect(seen).toEqual(['aws_instance.gone', 'aws_instance.web["a b"]', 'aws_instance i-9']);
    expect(fixes(report)).toEqual([
      undefined,
      "terraform apply -target='aws_instance.gone'",
      `terraform apply -refresh-only -target='aws_instance.web["a b"]'`,
      'aws ec2 terminate-instances --instance-ids i-9 --region eu-west-1',
    ]);
  });

  it('a policy that throws or returns garbage leaves those findings without one, with an alert', async () => {
    const report = await scan((resource) => {
      if (!('status' in resource)) return { action: 'explode' } as unknown as Remediation;
      if (resource.status === 'missing') throw new Error('policy bug');
      return undefined;
    });
    expect(fixes(report)).toEqual([
      undefined,
      undefined,
      `terraform apply -replace='aws_instance.web["a b"]'`,
      undefined,
    ]);
    expect(report.alerts).toContainEqual({
      code: 'remediation-failed',
      message: 'The remediation policy threw or returned no valid remediation for 2 findings',
      addresses: ['aws_instance i-9', 'aws_instance.gone'],
    });
  });

  it('rejects a policy that is neither a name nor a function', async () => {
    await expect(scan('destroy' as 'replace')).rejects.toMatchObject({
      name: InvalidOptionError.name,
      option: '/remediation',
    });
  });
});
