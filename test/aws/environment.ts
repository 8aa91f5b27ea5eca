/**
 * Every fake and emulator the AWS drift tests use, started together, and a provider wired
 * to them with dummy credentials.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { awsProvider } from '../../src/aws.js';
import type { AwsProviderOptions } from '../../src/aws.js';
import { DUMMY_CREDENTIALS } from './helpers.js';
import { startCloudTrailServer } from './servers/cloudtrail-server.js';
import { startDynalite } from './servers/dynalite.js';
import { emptyEc2Model, startEc2Server } from './servers/ec2-server.js';
import { startIamServer } from './servers/iam-server.js';
import { startLambdaServer } from './servers/lambda-server.js';
import { startRdsServer } from './servers/rds-server.js';
import { startS3ConfigServer } from './servers/s3-config-server.js';

export async function startAwsEnvironment() {
  const [ec2, s3, iam, rds, lambda, cloudtrail, dynalite] = await Promise.all([
    startEc2Server(emptyEc2Model()),
    startS3ConfigServer(),
    startIamServer(),
    startRdsServer(),
    startLambdaServer(),
    startCloudTrailServer(),
    startDynalite(),
  ]);
  const dynamodb = new DynamoDBClient({
    region: 'us-east-1',
    endpoint: dynalite.url,
    credentials: DUMMY_CREDENTIALS,
  });
  return {
    ec2,
    s3,
    iam,
    rds,
    lambda,
    cloudtrail,
    dynalite,
    dynamodb,
    provider: (extra: AwsProviderOptions = {}) =>
      awsProvider({
        region: 'us-east-1',
        accountId: '123456789012',
        credentials: DUMMY_CREDENTIALS,
        maxAttempts: 1,
        rateLimits: { ec2: 1000, s3: 1000, iam: 1000, rds: 1000, lambda: 1000, dynamodb: 1000 },
        endpoints: {
          ec2: ec2.url,
          s3: s3.url,
          iam: iam.url,
          rds: rds.url,
          lambda: lambda.url,
          cloudtrail: cloudtrail.url,
          dynamodb: dynalite.url,
        },
        ...extra,
      }),
    async close() {
      dynamodb.destroy();
      await Promise.all([
        ec2.close(),
        s3.close(),
        iam.close(),
        rds.close(),
        lambda.close(),
        cloudtrail.close(),
        dynalite.close(),
      ]);
    },
  };
}

export type AwsEnvironment = Awaited<ReturnType<typeof startAwsEnvironment>>;
