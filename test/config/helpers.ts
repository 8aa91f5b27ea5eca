/**
 * Test helpers of the config area: Terraform configurations written to temp directories, and
 * v4 states built from a few lines per resource.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** Temp directories created by a test file, removed by {@link removeTempDirs}. */
const created: string[] = [];

/** Writes `files` (relative path → text) into a new temp directory and returns it. */
export async function tempConfig(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'tfdrift-config-'));
  created.push(dir);
  for (const [name, text] of Object.entries(files)) {
    await mkdir(dirname(join(dir, name)), { recursive: true });
    await writeFile(join(dir, name), text);
  }
  return dir;
}

/** Removes every directory {@link tempConfig} made; call from `afterEach`. */
export async function removeTempDirs(): Promise<void> {
  await Promise.all(created.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
}

/** One resource of a v4 state, with its instances keyed by `index_key` (or one without). */
export interface StateResource {
  type: string;
  name: string;
  module?: string;
  provider?: string;
  instances: { key?: string | number; attributes: Record<string, unknown> }[];
}

const AWS = 'provider["registry.terraform.io/hashicorp/aws"]';

/** A Terraform v4 state document holding `resources`. */
export function v4State(resources: StateResource[], serial = 1): string {
  return JSON.stringify({
    version: 4,
    terraform_version: '1.9.5',
    serial,
    lineage: '5a1f3c2e-0d4b-4e7a-9c1e-3b2a1d0f9e8c',
    outputs: {},
    resources: resources.map((r) => ({
      ...(r.module === undefined ? {} : { module: r.module }),
      mode: 'managed',
      type: r.type,
      name: r.name,
      provider: r.provider ?? AWS,
      instances: r.instances.map((i) => ({
        ...(i.key === undefined ? {} : { index_key: i.key }),
        schema_version: 0,
        attributes: i.attributes,
        sensitive_attributes: [],
      })),
    })),
  });
}
