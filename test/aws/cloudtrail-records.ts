/**
 * Real-shaped CloudTrail records and the EventBridge events that carry them ("AWS API Call
 * via CloudTrail"), for the change-event source tests.
 */

/** A CloudTrail management-event record, as CloudTrail writes it (fields in their order). */
export function cloudTrailRecord(
  eventSource: string,
  eventName: string,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    eventVersion: '1.09',
    userIdentity: {
      type: 'AssumedRole',
      principalId: 'AROAEXAMPLEID:alice',
      arn: 'arn:aws:sts::123456789012:assumed-role/Admin/alice',
      accountId: '123456789012',
      accessKeyId: 'ASIAEXAMPLEKEY',
      sessionContext: {
        sessionIssuer: {
          type: 'Role',
          principalId: 'AROAEXAMPLEID',
          arn: 'arn:aws:iam::123456789012:role/Admin',
          accountId: '123456789012',
          userName: 'Admin',
        },
        attributes: { creationDate: '2026-12-05T11:00:00Z', mfaAuthenticated: 'false' },
      },
    },
    eventTime: '2026-12-05T12:00:00Z',
    eventSource,
    eventName,
    awsRegion: 'eu-west-1',
    sourceIPAddress: '203.0.113.7',
    userAgent: 'aws-cli/2.15.0',
    requestParameters: null,
    responseElements: null,
    requestID: '8d1c2a5e-1111-4a5b-9c3d-0e2f4a6b8c0d',
    eventID: '3f9c1b2a-2222-4d5e-8f6a-7b8c9d0e1f2a',
    readOnly: false,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: '123456789012',
    eventCategory: 'Management',
    ...extra,
  };
}

/** The EventBridge event that delivers `record` to a rule's target. */
export function eventBridge(record: Record<string, unknown>, resources: string[] = []) {
  return {
    version: '0',
    id: '6a7e8feb-b491-4cf7-a9f1-bf3703467718',
    'detail-type': 'AWS API Call via CloudTrail',
    source: `aws.${String(record.eventSource).split('.')[0]}`,
    account: '123456789012',
    time: record.eventTime,
    region: 'eu-west-1',
    resources,
    detail: record,
  };
}
