/**
 * The real s3rver emulator on 127.0.0.1 (shared with the state-source tests). It answers
 * bucket existence, listing and GetBucketVersioning; tagging, encryption and public access
 * block answer 501 NotImplemented, and GetBucketPolicy 405.
 */
import { startS3 } from '../../helpers/state-server-s3.js';

export { S3RVER_CREDENTIALS } from '../../helpers/state-server-s3.js';

export interface RunningS3rver {
  url: string;
  close(): Promise<void>;
}

export async function startS3rver(buckets: string[]): Promise<RunningS3rver> {
  const s3 = await startS3(buckets);
  return { url: s3.endpoint, close: () => s3.close() };
}
