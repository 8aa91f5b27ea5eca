/**
 * The built package as consumers load it: both module systems, every entry, and the promise
 * that the core never pulls in the AWS SDK. Runs on dist/ (npm test builds first).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const dist = join(root, 'dist');
const built = existsSync(join(dist, 'index.js'));
if (!built)
  console.warn(
    '[tfdrift tests] dist/ not built: package entry tests are skipped (run npm run build)',
  );

const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  exports: Record<string, unknown>;
};

describe.skipIf(!built)('built entry points', () => {
  it('loads every entry from CommonJS and ESM with the same names', async () => {
    const require = createRequire(import.meta.url);
    for (const entry of ['index', 'aws', 'testing', 'plugin']) {
      const cjs = require(join(dist, `${entry}.cjs`)) as Record<string, unknown>;
      const esm = (await import(join(dist, `${entry}.js`))) as Record<string, unknown>;
      expect(Object.keys(cjs).sort()).toEqual(Object.keys(esm).sort());
      expect(Object.keys(esm).length).toBeGreaterThan(0);
    }
  });

  it('exposes the documented names from the core entry', async () => {
    const core = (await import(join(dist, 'index.js'))) as Record<string, unknown>;
    for (const name of [
      'parseState',
      'loadState',
      'parseAddress',
      'formatAddress',
      'parseConfig',
      'diff',
      'detectDrift',
      'defineProvider',
      'snapshotProvider',
      'terraformProvider',
      'formatReport',
      'parseReport',
      'isDriftReport',
      'ReportParseError',
      'mergeReports',
      'TfdriftError',
      'StateParseError',
      'UnsupportedStateError',
      'StateSourceError',
      'ConfigParseError',
      'ProviderConfigError',
      'ProviderError',
      'isTfdriftError',
    ]) {
      expect(core[name], name).toBeDefined();
    }
    const aws = (await import(join(dist, 'aws.js'))) as Record<string, unknown>;
    expect(typeof aws.awsProvider).toBe('function');
    const testing = (await import(join(dist, 'testing.js'))) as Record<string, unknown>;
    expect(typeof testing.checkProvider).toBe('function');
  });

  it('never imports the AWS SDK or the HCL parser eagerly', () => {
    // A fresh process, so the module cache tells exactly what loading each entry pulled in.
    const script = `
      const before = new Set(Object.keys(require.cache));
      require(${JSON.stringify(join(dist, 'index.cjs'))});
      require(${JSON.stringify(join(dist, 'aws.cjs'))});
      require(${JSON.stringify(join(dist, 'testing.cjs'))});
      const loaded = Object.keys(require.cache).filter((k) => !before.has(k));
      console.log(JSON.stringify(loaded));`;
    const loaded = JSON.parse(
      execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }),
    ) as string[];
    expect(loaded.filter((file) => file.includes('@aws-sdk') || file.includes('@cdktf'))).toEqual(
      [],
    );
  });

  it('never loads gRPC, protobuf or msgpack until a plugin is read', () => {
    const script = `
      const before = new Set(Object.keys(require.cache));
      require(${JSON.stringify(join(dist, 'index.cjs'))});
      const core = Object.keys(require.cache).filter((k) => !before.has(k));
      const plugin = require(${JSON.stringify(join(dist, 'plugin.cjs'))});
      plugin.pluginProvider({ pluginDirs: [] });
      const entry = Object.keys(require.cache).filter((k) => !before.has(k));
      console.log(JSON.stringify({ core, entry }));`;
    const { core, entry } = JSON.parse(
      execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }),
    ) as { core: string[]; entry: string[] };
    const heavy = (files: string[]) =>
      files.filter((f) => /[/\\](@grpc|protobufjs|@msgpack)[/\\]/.test(f));
    expect(core.length).toBeGreaterThan(0);
    expect(heavy(core)).toEqual([]);
    expect(heavy(entry)).toEqual([]);
  });

  it('keeps the core chunks free of static AWS SDK imports', () => {
    const core = readdirSync(dist).filter(
      (f) => /\.(c?js)$/.test(f) && !f.startsWith('aws') && f !== 'cli.js',
    );
    expect(core).toContain('index.js');
    for (const file of core) {
      const text = readFileSync(join(dist, file), 'utf8');
      expect(text, file).not.toMatch(/(?:^|\n)\s*import[^(]*from\s*["']@aws-sdk\//);
      expect(text, file).not.toMatch(/require\(["']@aws-sdk\//);
    }
  });

  it('builds a file for every exports target', () => {
    const targets = JSON.stringify(pkg.exports).match(/\.\/dist\/[^"]+/g) ?? [];
    expect(targets.length).toBeGreaterThan(6);
    for (const target of targets) expect(existsSync(join(root, target)), target).toBe(true);
  });
});
