/**
 * `tfdrift/aws`: a native AWS provider built on the AWS SDK v3 (optional peer dependencies,
 * loaded lazily).
 * @packageDocumentation
 */
export { awsProvider } from './providers/aws/aws-provider.js';
export type { AwsProviderOptions } from './providers/aws/aws-provider.js';
