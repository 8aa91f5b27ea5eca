/**
 * Stage "select and shard": which managed instances this scan checks. An instance outside
 * the requested shard is left to another shard; an ignore rule without a path skips it (an
 * `ignored` alert names it); ignore rules with paths and the configuration's
 * `ignore_changes` give the attribute globs its diff leaves out.
 */
import type { ConfigDriftContext } from '../../config/drift-context.js';
import type { IgnoreRule } from '../../diff/ignore.js';
import { compileIgnore } from '../../diff/ignore.js';
import type { Alert } from '../../model/report.js';
import type { ResourceInstance } from '../../model/state.js';
import type { ShardOptions } from '../shard.js';
import { inShard } from '../shard.js';

/** What {@link selectInstances} takes besides the instances. @internal */
export interface SelectOptions {
  shard?: ShardOptions | undefined;
  /** `.driftignore` text or rule objects. */
  ignore?: string | IgnoreRule[] | undefined;
  /** The configuration's `ignore_changes`. */
  config?: Pick<ConfigDriftContext, 'ignorePathsFor'> | undefined;
}

/** The instances to check, in the order given, with their ignore paths. @internal */
export interface Selection {
  instances: ResourceInstance[];
  /** Attribute globs not compared, for the instances that have any. */
  ignorePaths: Map<ResourceInstance, string[]>;
  /** An `ignored` alert when ignore rules skipped whole instances. */
  alerts: Alert[];
}

/**
 * Selects the instances of `managed` this scan checks.
 * @throws {@link ConfigParseError} for invalid ignore rules.
 * @internal
 */
export function selectInstances(
  managed: readonly ResourceInstance[],
  options: SelectOptions,
): Selection {
  const { shard, config } = options;
  const ignore = options.ignore !== undefined ? compileIgnore(options.ignore) : undefined;
  const ignored: string[] = [];
  const instances: ResourceInstance[] = [];
  const ignorePaths = new Map<ResourceInstance, string[]>();
  for (const instance of managed) {
    if (shard && !inShard(instance.address, shard)) continue;
    let paths: string[] | undefined;
    if (ignore) {
      const verdict = ignore.forAddress(instance.address);
      if (verdict.whole) {
        ignored.push(instance.address);
        continue;
      }
      if (verdict.paths.length > 0) paths = verdict.paths;
    }
    if (config) {
      const fromConfig = config.ignorePathsFor(instance);
      if (fromConfig.length > 0) paths = paths ? [...paths, ...fromConfig] : fromConfig;
    }
    if (paths) ignorePaths.set(instance, paths);
    instances.push(instance);
  }
  const alerts: Alert[] =
    ignored.length > 0
      ? [
          {
            code: 'ignored',
            message: 'Resources skipped entirely by ignore rules',
            addresses: [...new Set(ignored)].sort(),
          },
        ]
      : [];
  return { instances, ignorePaths, alerts };
}
