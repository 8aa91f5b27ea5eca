/**
 * `tfdrift/aws`: a native AWS provider built on the AWS SDK v3 (optional peer dependencies,
 * loaded lazily).
 * @packageDocumentation
 */
export { awsProvider } from './providers/aws/aws-provider.js';
export type {
  AwsProviderOptions,
  AwsProvider,
  AwsAssumeRole,
} from './providers/aws/aws-provider.js';
export type { AwsCredentials, AwsCredentialIdentity } from './shared/aws-credentials.js';
export type { AwsClientLike, InjectedClient } from './providers/aws/clients.js';
export type { AwsService } from './providers/aws/services.js';
export type { AwsAttribution } from './providers/aws/cloudtrail-attribution.js';
