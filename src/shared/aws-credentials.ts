/**
 * AWS credentials as tfdrift's AWS users give them: to the native AWS provider and to
 * `s3://` state sources alike. Typed structurally, so no tfdrift type requires the AWS SDK.
 */

/** One set of AWS credentials, as the AWS SDK resolves them. @public */
export interface AwsCredentialIdentity {
  /** The access key id. */
  accessKeyId: string;
  /** The secret access key. */
  secretAccessKey: string;
  /** The session token of temporary credentials. */
  sessionToken?: string;
  /** When temporary credentials expire. */
  expiration?: Date;
}

/**
 * Static credentials, or a function that resolves them (any AWS SDK credential provider,
 * such as `fromIni()` from `@aws-sdk/credential-providers`).
 * @public
 */
export type AwsCredentials = AwsCredentialIdentity | (() => Promise<AwsCredentialIdentity>);
