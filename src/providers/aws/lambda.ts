/**
 * `aws_lambda_function`: GetFunction (configuration, tags and reserved concurrency in one
 * call). Terraform stores `-1` for no reserved concurrency and `PassThrough` tracing when
 * unset; environment variables are treated as secrets.
 */
import type { GetFunctionCommandOutput, ListFunctionsCommandOutput } from '@aws-sdk/client-lambda';
import type { ResourceHandler } from './resource-handler.js';
import { instanceId, missingIdError, readEach } from './resource-handler.js';
import { tagRecord } from './tags.js';
import { paginate } from './paginate.js';

const READS = [
  'function_name',
  'arn',
  'role',
  'handler',
  'runtime',
  'memory_size',
  'timeout',
  'description',
  'code_sha256',
  'architectures',
  'layers',
  'environment',
  'tracing_config',
  'reserved_concurrent_executions',
  'package_type',
  'tags_all',
];

/**
 * Maps a GetFunction answer to `aws_lambda_function` attributes.
 * @internal
 */
function lambdaAttributes(out: GetFunctionCommandOutput): Record<string, unknown> {
  const config = out.Configuration ?? {};
  const variables = config.Environment?.Variables;
  return {
    id: config.FunctionName,
    function_name: config.FunctionName,
    arn: config.FunctionArn,
    role: config.Role,
    handler: config.Handler ?? '',
    runtime: config.Runtime ?? '',
    memory_size: config.MemorySize,
    timeout: config.Timeout,
    description: config.Description ?? '',
    // `source_code_hash` holds whatever hash the configuration computed; `code_sha256` is AWS's.
    code_sha256: config.CodeSha256,
    architectures: config.Architectures ?? ['x86_64'],
    layers: (config.Layers ?? []).map((layer) => layer.Arn ?? ''),
    environment:
      variables === undefined || Object.keys(variables).length === 0 ? [] : [{ variables }],
    tracing_config: [{ mode: config.TracingConfig?.Mode ?? 'PassThrough' }],
    reserved_concurrent_executions: out.Concurrency?.ReservedConcurrentExecutions ?? -1,
    package_type: config.PackageType ?? 'Zip',
    tags_all: tagRecord(out.Tags),
  };
}

/** `aws_lambda_function`. @internal */
export const lambdaFunctionHandler: ResourceHandler = {
  type: 'aws_lambda_function',
  service: 'lambda',
  reads: READS,
  notFoundCodes: ['ResourceNotFoundException'],
  // Environment variables routinely hold credentials: report their changes redacted.
  rules: { sensitive: ['/environment/*/variables'] },
  read: (instances, env) =>
    readEach(instances, lambdaFunctionHandler, async (instance) => {
      const name = instanceId(instance, 'function_name');
      if (name === undefined) throw missingIdError(instance, 'function name');
      return lambdaAttributes(
        await env.call<GetFunctionCommandOutput>('lambda', 'GetFunction', { FunctionName: name }),
      );
    }),
  async *list(env) {
    const pages = paginate(
      'lambda:ListFunctions',
      (marker) =>
        env.call<ListFunctionsCommandOutput>('lambda', 'ListFunctions', {
          MaxItems: 50,
          ...(marker === undefined ? {} : { Marker: marker }),
        }),
      (out) => out.NextMarker,
    );
    for await (const out of pages) {
      for (const fn of out.Functions ?? []) {
        if (fn.FunctionName !== undefined)
          yield {
            type: 'aws_lambda_function',
            id: fn.FunctionName,
            name: fn.FunctionName,
            location: env.region,
          };
      }
    }
  },
};
