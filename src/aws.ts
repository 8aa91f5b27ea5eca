/**
 * `tfdrift/aws`: a native AWS provider built on the AWS SDK v3 (optional peer dependencies,
 * loaded lazily).
 * @packageDocumentation
 */
export { awsProvider } from './providers/aws/aws-provider.js';
export type {
  AwsProviderOptions,
  AwsProvider,
  AwsCredentials,
  AwsAssumeRole,
} from './providers/aws/aws-provider.js';
export type { AwsService, AwsClientLike, InjectedClient } from './providers/aws/clients.js';
export type { AwsAttribution } from './providers/aws/cloudtrail-attribution.js';
export { cloudTrailEvents } from './providers/aws/cloudtrail-events.js';
export type { CloudTrailEventsOptions } from './providers/aws/cloudtrail-events.js';
export type {
  ChangeActor,
  ChangeEvent,
  ChangeEventResource,
  ChangeSource,
} from './watch/change-event.js';
export { cloudTrailLookupEvents } from './providers/aws/cloudtrail-lookup-events.js';
export type { CloudTrailLookupEventsOptions } from './providers/aws/cloudtrail-lookup-events.js';
