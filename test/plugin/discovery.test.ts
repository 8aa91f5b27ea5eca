import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigParseError, ProviderConfigError } from '../../src/errors.js';
import { cliConfigPath, parseCliConfig, parseLockFile } from '../../src/plugin/cli-config.js';
import { findProviderBinary } from '../../src/plugin/find-binary.js';
import { parseHclSubset } from '../../src/plugin/hcl-subset.js';
import { currentPlatform, parseProviderSource } from '../../src/plugin/provider-source.js';
import { searchLocations } from '../../src/plugin/search-locations.js';
import { compareVersions } from '../../src/plugin/versions.js';
import { writeZip } from './zip-writer.js';

const root = mkdtempSync(join(tmpdir(), 'tfdrift-discovery-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const fresh = (): string => {
  const dir = join(root, String(++n));
  mkdirSync(dir, { recursive: true });
  return dir;
};
const AWS = parseProviderSource('hashicorp/aws');
const PLATFORM = 'linux_amd64';

function unpacked(dir: string, version: string, name = `terraform-provider-aws_v${version}_x5`) {
  const pkg = join(dir, 'registry.terraform.io', 'hashicorp', 'aws', version, PLATFORM);
  mkdirSync(pkg, { recursive: true });
  writeFileSync(join(pkg, name), `#!/bin/sh\necho ${version}\n`);
  chmodSync(join(pkg, name), 0o755);
  return join(pkg, name);
}

function packed(dir: string, version: string, body = `#!/bin/sh\necho packed ${version}\n`) {
  const typeDir = join(dir, 'registry.terraform.io', 'hashicorp', 'aws');
  mkdirSync(typeDir, { recursive: true });
  const zip = join(typeDir, `terraform-provider-aws_${version}_${PLATFORM}.zip`);
  writeZip(zip, { [`terraform-provider-aws_v${version}_x5`]: body, 'LICENSE.txt': 'MPL' });
  return zip;
}

const loc = (dir: string, origin = 'test') => ({ dir, origin });

describe('provider binary discovery', () => {
  it('finds an unpacked mirror package and picks the highest version', async () => {
    const dir = fresh();
    unpacked(dir, '5.9.0');
    const best = unpacked(dir, '5.100.0');
    unpacked(dir, '5.100.1-beta1');
    const found = await findProviderBinary(AWS, {
      locations: [loc(dir)],
      platform: PLATFORM,
      cacheDir: fresh(),
    });
    expect(found.path).toBe(best);
    expect(found.version).toBe('5.100.0');
  });

  it('takes the version the lock file selects, even when a newer one is present', async () => {
    const dir = fresh();
    const locked = unpacked(dir, '5.9.0');
    unpacked(dir, '5.100.0');
    const found = await findProviderBinary(AWS, {
      locations: [loc(dir)],
      platform: PLATFORM,
      lockedVersion: '5.9.0',
      cacheDir: fresh(),
    });
    expect(found.path).toBe(locked);
  });

  it('the first location with a usable version wins', async () => {
    const [first, second] = [fresh(), fresh()];
    const a = unpacked(first, '1.0.0');
    unpacked(second, '9.0.0');
    const found = await findProviderBinary(AWS, {
      locations: [loc(first), loc(second)],
      platform: PLATFORM,
      cacheDir: fresh(),
    });
    expect(found.path).toBe(a);
  });

  it('skips packages built for another platform and files that are not executable', async () => {
    const dir = fresh();
    const other = join(dir, 'registry.terraform.io', 'hashicorp', 'aws', '6.0.0', 'darwin_arm64');
    mkdirSync(other, { recursive: true });
    writeFileSync(join(other, 'terraform-provider-aws_v6.0.0'), 'x', { mode: 0o755 });
    const plain = join(dir, 'registry.terraform.io', 'hashicorp', 'aws', '7.0.0', PLATFORM);
    mkdirSync(plain, { recursive: true });
    writeFileSync(join(plain, 'terraform-provider-aws_v7.0.0'), 'x', { mode: 0o644 });
    const good = unpacked(dir, '5.0.0');
    const found = await findProviderBinary(AWS, {
      locations: [loc(dir)],
      platform: PLATFORM,
      cacheDir: fresh(),
    });
    expect(found.path).toBe(good);
  });

  it('extracts a packed (zip) mirror package into the cache, once', async () => {
    const dir = fresh();
    const cacheDir = fresh();
    const zip = packed(dir, '5.50.0');
    const found = await findProviderBinary(AWS, {
      locations: [loc(dir)],
      platform: PLATFORM,
      cacheDir,
    });
    expect(found.archive).toBe(zip);
    expect(found.path.startsWith(cacheDir)).toBe(true);
    expect(readFileSync(found.path, 'utf8')).toBe('#!/bin/sh\necho packed 5.50.0\n');
    const again = await findProviderBinary(AWS, {
      locations: [loc(dir)],
      platform: PLATFORM,
      cacheDir,
    });
    expect(again.path).toBe(found.path);
  });

  it('extracts a large binary intact (streamed, deflated)', async () => {
    const dir = fresh();
    const body = Buffer.alloc(3 * 1024 * 1024);
    for (let i = 0; i < body.length; i++) body[i] = (i * 7919) % 251;
    packed(dir, '1.2.3', body.toString('latin1'));
    const found = await findProviderBinary(AWS, {
      locations: [loc(dir)],
      platform: PLATFORM,
      cacheDir: fresh(),
    });
    expect(readFileSync(found.path).equals(Buffer.from(body.toString('latin1')))).toBe(true);
  });

  it('rejects a damaged archive rather than running half a binary', async () => {
    const dir = fresh();
    const zip = packed(dir, '2.0.0');
    writeFileSync(zip, readFileSync(zip).subarray(0, 40));
    await expect(
      findProviderBinary(AWS, { locations: [loc(dir)], platform: PLATFORM, cacheDir: fresh() }),
    ).rejects.toThrow(/zip/);
  });

  it('nothing found: a ProviderConfigError listing every directory searched and how to get it', async () => {
    const [a, b] = [fresh(), fresh()];
    unpacked(b, '4.0.0');
    const error = await findProviderBinary(AWS, {
      locations: [loc(a, 'pluginDirs'), loc(b, 'TF_PLUGIN_CACHE_DIR')],
      platform: PLATFORM,
      lockedVersion: '5.1.0',
      cacheDir: fresh(),
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderConfigError);
    const message = (error as Error).message;
    expect(message).toContain('registry.terraform.io/hashicorp/aws version 5.1.0');
    expect(message).toContain(`${a} (pluginDirs)`);
    expect(message).toContain(`${b} (TF_PLUGIN_CACHE_DIR)`);
    expect(message).toContain('4.0.0');
    expect(message).toContain('terraform init');
    expect(message).toContain('terraform providers mirror');
  });

  it('finds the real AWS provider in /opt/tf-plugins when this machine has it', async () => {
    const real = '/opt/tf-plugins';
    const found = await findProviderBinary(AWS, {
      locations: [loc(real)],
      platform: currentPlatform(),
      cacheDir: fresh(),
    }).catch(() => undefined);
    if (found === undefined) {
      console.log('note: no real AWS provider binary under /opt/tf-plugins; skipped');
      return;
    }
    expect(found.path).toMatch(/terraform-provider-aws_v[\d.]+_x5$/);
  });
});

describe('search locations', () => {
  const home = '/home/u';
  it('orders pluginDirs, the working directory, the plugin cache, the CLI config, implied mirrors', () => {
    const cli = parseCliConfig(
      `plugin_cache_dir = "~/cache"\nprovider_installation {\n  filesystem_mirror {\n    path = "/srv/mirror"\n    include = ["*/*"]\n  }\n  direct {}\n}\n`,
      '/home/u/.terraformrc',
    );
    const dirs = searchLocations({
      pluginDirs: ['/a', 'rel'],
      cwd: '/work/infra',
      env: { TF_PLUGIN_CACHE_DIR: '/pc' },
      cliConfig: cli,
      home,
      processCwd: '/p',
    }).map((l) => l.dir);
    expect(dirs).toEqual([
      '/a',
      '/p/rel',
      '/work/infra/.terraform/providers',
      '/pc',
      '/srv/mirror',
      '/home/u/cache',
    ]);
  });

  it('without provider_installation, the implied local mirrors are searched, as Terraform does', () => {
    const dirs = searchLocations({ env: {}, home, processCwd: '/p', cwd: '/w' }).map((l) => l.dir);
    expect(dirs).toEqual([
      '/w/.terraform/providers',
      '/w/terraform.d/plugins',
      '/home/u/.terraform.d/plugins',
      '/home/u/.local/share/terraform/plugins',
      '/usr/local/share/terraform/plugins',
      '/usr/share/terraform/plugins',
    ]);
  });

  it('the CLI configuration comes from TF_CLI_CONFIG_FILE, else ~/.terraformrc', () => {
    expect(cliConfigPath({ TF_CLI_CONFIG_FILE: '/x.tfrc' }, home)).toBe('/x.tfrc');
    expect(cliConfigPath({}, home)).toBe('/home/u/.terraformrc');
  });

  it('reads the JSON form of the CLI configuration', () => {
    const cli = parseCliConfig(
      JSON.stringify({
        plugin_cache_dir: '/c',
        provider_installation: [{ filesystem_mirror: [{ path: '/m1' }, { path: '/m2' }] }],
      }),
      'x.json',
    );
    expect(cli).toMatchObject({ pluginCacheDir: '/c', filesystemMirrors: ['/m1', '/m2'] });
  });
});

describe('Terraform files', () => {
  it('reads the locked version of each provider from .terraform.lock.hcl', () => {
    const text = `# This file is maintained automatically by "terraform init".
provider "registry.terraform.io/hashicorp/aws" {
  version     = "5.100.0"
  constraints = "~> 5.0"
  hashes = [
    "h1:abc=",
    "zh:def",
  ]
}

provider "registry.terraform.io/hashicorp/random" {
  version = "3.6.0"
}
`;
    expect([...parseLockFile(text, '.terraform.lock.hcl')]).toEqual([
      ['registry.terraform.io/hashicorp/aws', '5.100.0'],
      ['registry.terraform.io/hashicorp/random', '3.6.0'],
    ]);
  });

  it('a malformed file is a ConfigParseError naming the file and line', () => {
    const error = (() => {
      try {
        parseHclSubset('a = "ok"\nprovider "x" {\n  version = \n', 'lock.hcl');
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ConfigParseError);
    expect((error as ConfigParseError).file).toBe('lock.hcl');
    expect((error as Error).message).toMatch(/^lock\.hcl:\d+:/);
  });

  it('deep nesting is refused, not a stack overflow', () => {
    expect(() => parseHclSubset(`a = ${'['.repeat(10_000)}`, 'deep.hcl')).toThrow(ConfigParseError);
  });

  it('strings keep escapes and comments are skipped', () => {
    const body = parseHclSubset(
      '/* c */ a = "x\\"y\\u00e9" // tail\nb { c = [1, true, null] }\n',
      'f',
    );
    expect(body.attributes.a).toBe('x"yé');
    expect(body.blocks[0]?.body.attributes.c).toEqual([1, true, null]);
  });
});

describe('versions and sources', () => {
  it('orders versions as Terraform does (pre-releases before the release)', () => {
    const sorted = ['1.10.0', '1.2.0', '1.10.0-beta.2', '1.10.0-beta.10', '0.9.9'].sort(
      compareVersions,
    );
    expect(sorted).toEqual(['0.9.9', '1.2.0', '1.10.0-beta.2', '1.10.0-beta.10', '1.10.0']);
  });

  it('parses short and full source addresses and refuses path tricks', () => {
    expect(parseProviderSource('hashicorp/aws')).toEqual({
      hostname: 'registry.terraform.io',
      namespace: 'hashicorp',
      type: 'aws',
    });
    expect(parseProviderSource('example.com/Acme/Thing').namespace).toBe('acme');
    expect(() => parseProviderSource('../../etc/passwd')).toThrow(ProviderConfigError);
    expect(() => parseProviderSource('aws')).toThrow(ProviderConfigError);
  });
});
