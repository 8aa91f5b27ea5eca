/**
 * AWS CLI commands that delete an unmanaged object, by type: what a `delete` remediation
 * prints. Only types whose delete takes nothing but the import id are listed.
 */
import type { DeleteCommand } from '../types.js';

const ec2 = (command: string, idFlag: string): DeleteCommand => ({
  command: `aws ec2 ${command}`,
  idFlag,
  locationFlag: '--region',
});

/** @internal */
export const AWS_DELETE_COMMANDS: Record<string, DeleteCommand> = {
  aws_instance: ec2('terminate-instances', '--instance-ids'),
  aws_security_group: ec2('delete-security-group', '--group-id'),
  aws_vpc: ec2('delete-vpc', '--vpc-id'),
  aws_subnet: ec2('delete-subnet', '--subnet-id'),
  aws_iam_role: { command: 'aws iam delete-role', idFlag: '--role-name' },
  aws_iam_policy: { command: 'aws iam delete-policy', idFlag: '--policy-arn' },
  aws_dynamodb_table: {
    command: 'aws dynamodb delete-table',
    idFlag: '--table-name',
    locationFlag: '--region',
  },
  aws_lambda_function: {
    command: 'aws lambda delete-function',
    idFlag: '--function-name',
    locationFlag: '--region',
  },
  aws_db_instance: {
    command: 'aws rds delete-db-instance',
    idFlag: '--db-instance-identifier',
    locationFlag: '--region',
  },
  aws_s3_bucket: { command: 'aws s3 rb', idPrefix: 's3://', locationFlag: '--region' },
};
