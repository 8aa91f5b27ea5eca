/**
 * Error codes that mean "slow down": the service refused the call for its rate, not for what
 * was asked, so a later attempt may succeed. Shared by the core's classification (any
 * provider's errors) and the AWS provider's.
 */

/** Throttling error codes and names, as AWS and other HTTP APIs spell them. @internal */
export const THROTTLING_CODES: ReadonlySet<string> = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'RequestThrottled',
  'RequestThrottledException',
  'RequestLimitExceeded',
  'TooManyRequestsException',
  'TooManyRequests',
  'SlowDown',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceededException',
  'TransactionInProgressException',
  'PriorRequestNotComplete',
  'BandwidthLimitExceeded',
  'EC2ThrottledException',
  'RateLimitExceeded',
  'THROTTLED',
]);
