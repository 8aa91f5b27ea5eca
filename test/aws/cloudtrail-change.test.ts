/**
 * Mapping CloudTrail records to the Terraform resources they touched, per service, from
 * real-shaped records; and what the mapping does with hostile records.
 */
import { describe, expect, it } from 'vitest';
import { changeOfRecord, recordOfMessage } from '../../src/providers/aws/cloudtrail-change.js';
import { cloudTrailRecord, eventBridge } from './cloudtrail-records.js';

const resourcesOf = (source: string, name: string, extra: Record<string, unknown>) =>
  changeOfRecord(cloudTrailRecord(source, name, extra))?.resources;

describe('changeOfRecord', () => {
  it('EC2: instances from RunInstances responses and every tagged id of CreateTags', () => {
    expect(
      resourcesOf('ec2.amazonaws.com', 'RunInstances', {
        requestParameters: { instanceType: 't3.micro', subnetId: 'subnet-0abc1234def567890' },
        responseElements: {
          instancesSet: {
            items: [{ instanceId: 'i-0123456789abcdef0' }, { instanceId: 'i-0fedcba9876543210' }],
          },
        },
      }),
    ).toEqual([
      { type: 'aws_subnet', id: 'subnet-0abc1234def567890' },
      { type: 'aws_instance', id: 'i-0123456789abcdef0' },
      { type: 'aws_instance', id: 'i-0fedcba9876543210' },
    ]);
    expect(
      resourcesOf('ec2.amazonaws.com', 'CreateTags', {
        requestParameters: {
          resourcesSet: {
            items: [{ resourceId: 'vpc-0a1b2c3d' }, { resourceId: 'sg-0a1b2c3d4e5f60718' }],
          },
          tagSet: { items: [{ key: 'env', value: 'i-00000000' }] },
        },
      }),
    ).toEqual([
      { type: 'aws_vpc', id: 'vpc-0a1b2c3d' },
      { type: 'aws_security_group', id: 'sg-0a1b2c3d4e5f60718' },
    ]);
  });

  it('IAM, DynamoDB, RDS and Lambda: the names their parameters carry', () => {
    expect(
      resourcesOf('iam.amazonaws.com', 'AttachRolePolicy', {
        requestParameters: {
          roleName: 'ci',
          policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess',
        },
      }),
    ).toEqual([
      { type: 'aws_iam_role', id: 'ci' },
      {
        type: 'aws_iam_policy',
        id: 'arn:aws:iam::aws:policy/AdministratorAccess',
        arn: 'arn:aws:iam::aws:policy/AdministratorAccess',
      },
    ]);
    expect(
      resourcesOf('iam.amazonaws.com', 'UpdateLoginProfile', {
        requestParameters: { userName: 'bob' },
      }),
    ).toEqual([{ type: 'aws_iam_user', id: 'bob' }]);
    expect(
      resourcesOf('dynamodb.amazonaws.com', 'UpdateTable', {
        requestParameters: { tableName: 'orders', billingMode: 'PAY_PER_REQUEST' },
        responseElements: {
          tableDescription: {
            tableName: 'orders',
            tableArn: 'arn:aws:dynamodb:eu-west-1:123456789012:table/orders',
          },
        },
      }),
    ).toEqual([
      { type: 'aws_dynamodb_table', id: 'orders' },
      { arn: 'arn:aws:dynamodb:eu-west-1:123456789012:table/orders' },
    ]);
    expect(
      resourcesOf('rds.amazonaws.com', 'ModifyDBInstance', {
        requestParameters: { dBInstanceIdentifier: 'main', applyImmediately: true },
        responseElements: {
          dBInstanceIdentifier: 'main',
          dBInstanceArn: 'arn:aws:rds:eu-west-1:123456789012:db:main',
        },
      }),
    ).toEqual([
      { type: 'aws_db_instance', id: 'main' },
      { arn: 'arn:aws:rds:eu-west-1:123456789012:db:main' },
    ]);
    expect(
      resourcesOf('lambda.amazonaws.com', 'UpdateFunctionCode20150331v2', {
        requestParameters: { functionName: 'resize' },
      }),
    ).toEqual([{ type: 'aws_lambda_function', id: 'resize' }]);
  });

  it('ARNs from the record and the EventBridge envelope', () => {
    const record = cloudTrailRecord('sns.amazonaws.com', 'SetTopicAttributes', {
      resources: [{ ARN: 'arn:aws:sns:eu-west-1:123456789012:alerts', accountId: '123456789012' }],
    });
    const found = recordOfMessage(
      JSON.stringify(eventBridge(record, ['arn:aws:sns:eu-west-1:123456789012:other'])),
    );
    expect(changeOfRecord(found!.record, found!.envelopeArns)?.resources).toEqual([
      { arn: 'arn:aws:sns:eu-west-1:123456789012:alerts' },
      { arn: 'arn:aws:sns:eu-west-1:123456789012:other' },
    ]);
  });

  it('drops read-only calls (flag or name), failed calls and calls that name nothing', () => {
    const params = { requestParameters: { bucketName: 'b' } };
    expect(
      changeOfRecord(cloudTrailRecord('s3.amazonaws.com', 'PutBucketTagging', params)),
    ).toBeDefined();
    expect(
      changeOfRecord(
        cloudTrailRecord('s3.amazonaws.com', 'PutBucketTagging', { ...params, readOnly: true }),
      ),
    ).toBeUndefined();
    const { readOnly: _r, ...unflagged } = cloudTrailRecord(
      's3.amazonaws.com',
      'GetBucketPolicy',
      params,
    );
    expect(changeOfRecord(unflagged)).toBeUndefined();
    expect(
      changeOfRecord(cloudTrailRecord('s3.amazonaws.com', 'ListBuckets', { readOnly: undefined })),
    ).toBeUndefined();
    expect(
      changeOfRecord(
        cloudTrailRecord('s3.amazonaws.com', 'DeleteBucket', {
          ...params,
          errorCode: 'AccessDenied',
        }),
      ),
    ).toBeUndefined();
    expect(changeOfRecord(cloudTrailRecord('sts.amazonaws.com', 'AssumeRole', {}))).toBeUndefined();
  });

  it('reads SNS-wrapped events and refuses anything else', () => {
    const inner = JSON.stringify(
      eventBridge(
        cloudTrailRecord('s3.amazonaws.com', 'DeleteBucketPolicy', {
          requestParameters: { bucketName: 'b' },
        }),
      ),
    );
    const found = recordOfMessage(
      JSON.stringify({ Type: 'Notification', MessageId: 'm', Message: inner }),
    );
    expect(changeOfRecord(found!.record)?.resources).toEqual([
      { type: 'aws_s3_bucket', id: 'b', arn: 'arn:aws:s3:::b' },
      { type: 'aws_s3_bucket_policy', id: 'b' },
    ]);
    for (const body of [
      '',
      'null',
      '[]',
      '42',
      '{"detail-type":"Scheduled Event","detail":{}}',
      '{"eventName":1}',
    ]) {
      expect(recordOfMessage(body)).toBeUndefined();
    }
  });

  it('stays bounded on hostile records: deep nesting and thousands of ids', () => {
    let deep: unknown = { instanceId: 'i-0123456789abcdef0' };
    for (let i = 0; i < 10_000; i++) deep = { a: deep };
    expect(
      changeOfRecord(
        cloudTrailRecord('ec2.amazonaws.com', 'ModifyInstanceAttribute', {
          requestParameters: deep,
        }),
      ),
    ).toBeUndefined();
    const many = Array.from({ length: 5000 }, (_, i) => ({
      resourceId: `i-${i.toString(16).padStart(17, '0')}`,
    }));
    const change = changeOfRecord(
      cloudTrailRecord('ec2.amazonaws.com', 'CreateTags', {
        requestParameters: { resourcesSet: { items: many } },
      }),
    );
    expect(change?.resources).toHaveLength(1000);
  });
});
