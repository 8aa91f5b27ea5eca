/**
 * The AWS resource types the provider can list for the unmanaged-resource scan; each of them
 * also ships with built-in diff rules.
 */
export const AWS_LISTABLE_TYPES: readonly string[] = [
  'aws_instance',
  'aws_security_group',
  'aws_vpc',
  'aws_subnet',
  'aws_s3_bucket',
  'aws_iam_role',
  'aws_iam_policy',
  'aws_db_instance',
  'aws_lambda_function',
  'aws_dynamodb_table',
];
