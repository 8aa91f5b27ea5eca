/**
 * Installs the Node fake provider plugin into a filesystem-mirror layout, as a real mirror
 * would hold a provider binary, and helpers to build its state instances and watch its
 * processes.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ResourceInstance } from '../../src/model/state.js';
import { makeInstance } from '../../src/testing/make-instance.js';
import { currentPlatform } from '../../src/plugin/provider-source.js';
import { alive } from '../helpers/process-alive.js';

export { alive };

export const FAKE_SOURCE = 'registry.terraform.io/tfdrift/fake';
const SERVER = join(import.meta.dirname, 'fake-plugin-server.ts');

/** Writes `terraform-provider-fake_v<version>` (a shell script that runs the Node server) under `mirror`. */
export function installFakePlugin(mirror: string, version = '1.0.0'): string {
  const dir = join(mirror, 'registry.terraform.io', 'tfdrift', 'fake', version, currentPlatform());
  mkdirSync(dir, { recursive: true });
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm')).href;
  const binary = join(dir, `terraform-provider-fake_v${version}`);
  writeFileSync(
    binary,
    `#!/bin/sh\nexec '${process.execPath}' --import '${tsx}' '${SERVER}' "$@"\n`,
  );
  chmodSync(binary, 0o755);
  return binary;
}

/** Every attribute of a `fake_thing`, absent: how Terraform stores an object it read. */
export const EMPTY_THING = {
  id: null,
  name: null,
  tags: null,
  ports: null,
  size: null,
  secret: null,
  password_wo: null,
  arn: null,
  meta: null,
  rule: [],
  settings: null,
};

/** A `fake_thing` state instance. */
export function thing(
  name: string,
  attributes: Record<string, unknown>,
  extra: Partial<ResourceInstance> = {},
): ResourceInstance {
  return {
    ...makeInstance({
      type: 'fake_thing',
      name,
      provider: FAKE_SOURCE,
      id: String(attributes.id),
      attributes: {
        ...EMPTY_THING,
        ...attributes,
      },
    }),
    schemaVersion: 1,
    ...extra,
  };
}

/** The calls the fake plugin logged. */
export function calls(log: string): { pid: number; method: string; [k: string]: unknown }[] {
  return existsSync(log)
    ? readFileSync(log, 'utf8')
        .trim()
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => JSON.parse(l) as never)
    : [];
}

export async function waitUntilDead(pids: number[], ms = 5000): Promise<boolean> {
  for (let i = 0; i < ms / 20 && pids.some(alive); i++) await new Promise((r) => setTimeout(r, 20));
  return !pids.some(alive);
}
