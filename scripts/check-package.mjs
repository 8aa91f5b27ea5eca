// Packs the package as npm would publish it, then runs publint and @arethetypeswrong/cli on
// the tarball (profile node16: engines.node >= 20 rules out node10 resolution), and checks
// that every `exports` target is a file the build produced.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const dir = mkdtempSync(join(tmpdir(), 'tfdrift-pack-'));
let failed = false;

function run(cmd, args) {
  try {
    const out = execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    return { ok: true, out };
  } catch (error) {
    return { ok: false, out: `${error.stdout ?? ''}${error.stderr ?? ''}` };
  }
}

try {
  const packed = run('npm', ['pack', '--silent', '--pack-destination', dir]);
  if (!packed.ok) throw new Error(`npm pack failed:\n${packed.out}`);
  const tarball = join(dir, packed.out.trim().split('\n').pop());

  const publint = run('npx', ['--no-install', 'publint', 'run', '--strict', '--pack', 'npm']);
  console.log(`publint: ${publint.ok ? 'ok' : 'FAILED'}\n${publint.out.trim()}`);
  failed ||= !publint.ok;

  const attw = run('npx', [
    '--no-install',
    'attw',
    tarball,
    '--format',
    'table-flipped',
    '--profile',
    'node16',
  ]);
  console.log(`attw: ${attw.ok ? 'ok' : 'FAILED'}\n${attw.out.trim()}`);
  failed ||= !attw.ok;

  // Every export points at a built file.
  for (const [subpath, target] of Object.entries(pkg.exports)) {
    const files =
      typeof target === 'string'
        ? [target]
        : (JSON.stringify(target).match(/\.\/dist\/[^"]+/g) ?? []);
    for (const file of files) {
      if (!existsSync(file)) {
        console.error(`exports["${subpath}"] points at ${file}, which the build did not produce`);
        failed = true;
      }
    }
  }
} catch (error) {
  console.error(String(error.message ?? error));
  failed = true;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
process.exitCode = failed ? 1 : 0;
