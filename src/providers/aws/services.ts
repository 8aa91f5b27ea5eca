/**
 * Everything tfdrift knows about each AWS service it calls, one entry per service: the SDK
 * package and client class, the default request rate, and how to load the package. Adding a
 * service is one entry here (plus its key in `AwsService`).
 */
/** The AWS services the provider talks to. @public */
export type AwsService =
  'ec2' | 's3' | 'iam' | 'rds' | 'lambda' | 'dynamodb' | 'cloudtrail' | 'sts';

/** One AWS service. @internal */
interface AwsServiceEntry {
  /** The npm package that holds the service's SDK v3 client (an optional peer dependency). */
  readonly package: string;
  /** The client class that package exports. */
  readonly clientClass: string;
  /** Requests per second per account and region when the user sets no `rateLimits`. */
  readonly rate: number;
  /** Imports the package. A literal specifier, so bundlers see the optional dependency. */
  readonly load: () => Promise<unknown>;
}

/**
 * The services, keyed by their IAM action prefix (`ec2:DescribeInstances`).
 * @internal
 */
export const AWS_SERVICES: Readonly<Record<AwsService, AwsServiceEntry>> = {
  ec2: {
    package: '@aws-sdk/client-ec2',
    clientClass: 'EC2Client',
    rate: 20,
    load: () => import('@aws-sdk/client-ec2'),
  },
  s3: {
    package: '@aws-sdk/client-s3',
    clientClass: 'S3Client',
    rate: 100,
    load: () => import('@aws-sdk/client-s3'),
  },
  iam: {
    package: '@aws-sdk/client-iam',
    clientClass: 'IAMClient',
    rate: 10,
    load: () => import('@aws-sdk/client-iam'),
  },
  rds: {
    package: '@aws-sdk/client-rds',
    clientClass: 'RDSClient',
    rate: 10,
    load: () => import('@aws-sdk/client-rds'),
  },
  lambda: {
    package: '@aws-sdk/client-lambda',
    clientClass: 'LambdaClient',
    rate: 10,
    load: () => import('@aws-sdk/client-lambda'),
  },
  dynamodb: {
    package: '@aws-sdk/client-dynamodb',
    clientClass: 'DynamoDBClient',
    rate: 10,
    load: () => import('@aws-sdk/client-dynamodb'),
  },
  cloudtrail: {
    package: '@aws-sdk/client-cloudtrail',
    clientClass: 'CloudTrailClient',
    rate: 2,
    load: () => import('@aws-sdk/client-cloudtrail'),
  },
  sts: {
    package: '@aws-sdk/client-sts',
    clientClass: 'STSClient',
    rate: 5,
    load: () => import('@aws-sdk/client-sts'),
  },
};

/** The default request rate of every service. @internal */
export function defaultRates(): Record<AwsService, number> {
  return Object.fromEntries(
    Object.entries(AWS_SERVICES).map(([service, entry]) => [service, entry.rate]),
  ) as Record<AwsService, number>;
}
