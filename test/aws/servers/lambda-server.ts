/**
 * A fake Lambda (REST JSON): GetFunction and ListFunctions, with Lambda's error shape
 * (`x-amzn-ErrorType` header and a JSON body).
 */
import { startFakeServer } from './fake-http.js';
import type { FakeResponse, FakeServer } from './fake-http.js';

export interface FakeFunction {
  name: string;
  role?: string;
  handler?: string;
  description?: string;
  codeSha256?: string;
  architectures?: string[];
  runtime: string;
  memorySize: number;
  timeout: number;
  environment?: Record<string, string>;
  reserved?: number;
  tags: Record<string, string>;
  layers?: string[];
}

export function lambdaError(
  status: number,
  type: string,
  message: string,
  headers: Record<string, string> = {},
): FakeResponse {
  return {
    status,
    headers: { 'content-type': 'application/json', 'x-amzn-errortype': type, ...headers },
    body: JSON.stringify({ Type: 'User', Message: message }),
  };
}

const json = (value: unknown): FakeResponse => ({
  status: 200,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(value),
});

function configuration(fn: FakeFunction) {
  return {
    FunctionName: fn.name,
    FunctionArn: `arn:aws:lambda:us-east-1:123456789012:function:${fn.name}`,
    Runtime: fn.runtime,
    Role: fn.role ?? 'arn:aws:iam::123456789012:role/lambda',
    Handler: fn.handler ?? 'index.handler',
    CodeSize: 1024,
    Description: fn.description ?? '',
    Timeout: fn.timeout,
    MemorySize: fn.memorySize,
    LastModified: '2024-01-01T00:00:00.000+0000',
    CodeSha256: fn.codeSha256 ?? 'abc123=',
    Version: '$LATEST',
    ...(fn.environment === undefined ? {} : { Environment: { Variables: fn.environment } }),
    TracingConfig: { Mode: 'PassThrough' },
    ...(fn.layers === undefined ? {} : { Layers: fn.layers.map((Arn) => ({ Arn, CodeSize: 10 })) }),
    PackageType: 'Zip',
    Architectures: fn.architectures ?? ['arm64'],
  };
}

export async function startLambdaServer(
  functions = new Map<string, FakeFunction>(),
): Promise<FakeServer & { functions: Map<string, FakeFunction> }> {
  const server = await startFakeServer(
    (request, operation) => {
      if (operation === 'ListFunctions')
        return json({ Functions: [...functions.values()].map(configuration) });
      const name = request.path.split('/')[3] ?? '';
      const fn = functions.get(name);
      if (name.startsWith('denied-'))
        return lambdaError(
          403,
          'AccessDeniedException',
          `User is not authorized to perform: lambda:GetFunction on resource: ${name}`,
        );
      if (fn === undefined)
        return lambdaError(
          404,
          'ResourceNotFoundException',
          `Function not found: arn:aws:lambda:us-east-1:123456789012:function:${name}`,
        );
      return json({
        Configuration: configuration(fn),
        Code: { RepositoryType: 'S3', Location: 'https://example.invalid/code' },
        Tags: fn.tags,
        ...(fn.reserved === undefined
          ? {}
          : { Concurrency: { ReservedConcurrentExecutions: fn.reserved } }),
      });
    },
    {
      operationOf: (request) =>
        /^\/2015-03-31\/functions\/?$/.test(request.path) ? 'ListFunctions' : 'GetFunction',
    },
  );
  return Object.assign(server, { functions });
}
