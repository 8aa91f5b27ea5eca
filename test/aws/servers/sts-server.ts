/**
 * A fake STS (query protocol): AssumeRole hands out fixed temporary credentials, and
 * GetCallerIdentity names a fixed user (the AWS provider's credential check).
 */
import type { FakeServer } from './fake-http.js';
import { queryError, startQueryServer } from './query-server.js';

export const ASSUMED_ACCESS_KEY = 'ASIAASSUMEDROLEKEY01';

export async function startStsServer(): Promise<FakeServer> {
  return startQueryServer('https://sts.amazonaws.com/doc/2011-06-15/', {
    GetCallerIdentity: () =>
      '<Arn>arn:aws:iam::123456789012:user/tfdrift</Arn><UserId>AIDAEXAMPLEUSER</UserId><Account>123456789012</Account>',
    AssumeRole: (p) =>
      `<Credentials><AccessKeyId>${ASSUMED_ACCESS_KEY}</AccessKeyId><SecretAccessKey>assumed-secret</SecretAccessKey><SessionToken>assumed-session-token</SessionToken><Expiration>2099-01-01T00:00:00Z</Expiration></Credentials><AssumedRoleUser><AssumedRoleId>AROAEXAMPLE:${p.get('RoleSessionName')}</AssumedRoleId><Arn>arn:aws:sts::123456789012:assumed-role/reader/${p.get('RoleSessionName')}</Arn></AssumedRoleUser>`,
  });
}

/** Makes the next GetCallerIdentity fail as AWS does for an unknown access key. */
export function rejectNextIdentity(sts: FakeServer): void {
  sts.fail(
    'GetCallerIdentity',
    queryError(
      403,
      'InvalidClientTokenId',
      'The security token included in the request is invalid.',
    ),
    1,
  );
}
