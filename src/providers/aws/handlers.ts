/**
 * Every resource type the AWS provider reads, in one table.
 */
import type { ResourceHandler } from './resource-handler.js';
import { ec2InstanceHandler } from './ec2-instances.js';
import { securityGroupHandler, securityGroupRuleHandler } from './security-groups.js';
import { vpcEgressRuleHandler, vpcIngressRuleHandler } from './security-group-rules.js';
import { subnetHandler, vpcHandler } from './vpc.js';
import { iamPolicyHandler, iamRoleHandler, iamRolePolicyAttachmentHandler } from './iam.js';
import { dbInstanceHandler } from './rds.js';
import { lambdaFunctionHandler } from './lambda.js';
import { dynamodbTableHandler } from './dynamodb.js';
import {
  s3BucketHandler,
  s3CorsHandler,
  s3EncryptionHandler,
  s3PolicyHandler,
  s3PublicAccessBlockHandler,
  s3VersioningHandler,
} from './s3-buckets.js';

/** The handlers by Terraform type. @internal */
export const HANDLERS: ReadonlyMap<string, ResourceHandler> = new Map(
  [
    ec2InstanceHandler,
    securityGroupHandler,
    securityGroupRuleHandler,
    vpcIngressRuleHandler,
    vpcEgressRuleHandler,
    vpcHandler,
    subnetHandler,
    s3BucketHandler,
    s3VersioningHandler,
    s3EncryptionHandler,
    s3PublicAccessBlockHandler,
    s3PolicyHandler,
    s3CorsHandler,
    iamRoleHandler,
    iamPolicyHandler,
    iamRolePolicyAttachmentHandler,
    dbInstanceHandler,
    lambdaFunctionHandler,
    dynamodbTableHandler,
  ].map((handler) => [handler.type, handler]),
);
