/**
 * The plugin reader's optional dependencies (`protobufjs`, `@msgpack/msgpack`; gRPC itself
 * is spoken over Node's own HTTP/2, see grpc-channel.ts), loaded on first use so that neither
 * the core entry nor a user who never drives a plugin pays for them. A missing package is a
 * {@link ProviderConfigError} that says what to install.
 */
import type * as Msgpack from '@msgpack/msgpack';
import type * as Protobuf from 'protobufjs';
import { ProviderConfigError } from '../errors.js';

/** The packages, as loaded. @internal */
export interface PluginDependencies {
  protobuf: typeof Protobuf;
  msgpack: typeof Msgpack;
}

/** Loads a module by name; replaceable in tests to simulate a missing package. @internal */
export type PluginImporter = (name: string) => Promise<unknown>;

const INSTALL = 'npm install protobufjs @msgpack/msgpack';

/** The default importer: literal specifiers, so bundlers keep them external. @internal */
const defaultPluginImporter: PluginImporter = async (name) => {
  switch (name) {
    case 'protobufjs':
      return import('protobufjs');
    case '@msgpack/msgpack':
      return import('@msgpack/msgpack');
    default:
      return import(name);
  }
};

function interop<T>(mod: unknown): T {
  // CJS packages imported from ESM expose their exports on `default` as well.
  const m = mod as { default?: unknown };
  return (m.default !== undefined && typeof m.default === 'object' ? m.default : mod) as T;
}

/** Loads every dependency, or throws one error naming the missing ones and the install command. @internal */
export async function loadPluginDependencies(
  importer: PluginImporter = defaultPluginImporter,
): Promise<PluginDependencies> {
  const names = ['protobufjs', '@msgpack/msgpack'] as const;
  const missing: string[] = [];
  const loaded = await Promise.all(
    names.map(async (name) => {
      try {
        return await importer(name);
      } catch (error) {
        const code = (error as { code?: unknown } | null)?.code;
        if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') {
          missing.push(name);
          return undefined;
        }
        throw error;
      }
    }),
  );
  if (missing.length > 0) {
    throw new ProviderConfigError(
      `The plugin reader needs the optional package${missing.length > 1 ? 's' : ''} ${missing.join(', ')}: run \`${INSTALL}\``,
      {
        provider: 'plugin',
        issues: missing.map((name) => ({
          path: '/dependencies',
          message: `${name} is not installed`,
        })),
      },
    );
  }
  const [protobuf, msgpack] = loaded;
  return {
    protobuf: interop<PluginDependencies['protobuf']>(protobuf),
    msgpack: msgpack as PluginDependencies['msgpack'],
  };
}
