/**
 * One CloudTrail record as a {@link ChangeEvent}: which Terraform resources the API call
 * touched, who made it, when. Records arrive as EventBridge "AWS API Call via CloudTrail"
 * events (the record is the `detail`), possibly wrapped in an SNS notification, or as the
 * `CloudTrailEvent` JSON of `LookupEvents`.
 *
 * Resources come from three places: the record's `resources` (ARNs), the EventBridge
 * envelope's `resources`, and the ids a service puts in `requestParameters` and
 * `responseElements` (S3 `bucketName`, EC2 `instanceId` / `groupId` / any `i-`, `sg-`, `vpc-`…
 * id, IAM `roleName` / `userName` / `policyArn`, DynamoDB `tableName`, Lambda `functionName`,
 * RDS `dBInstanceIdentifier`). Calls that change nothing are dropped: read-only calls
 * (`readOnly: true`, `Describe*`, `Get*`, `List*`, …) and failed calls (an `errorCode`).
 *
 * The record is untrusted JSON: the walk over parameters is bounded in depth and in the
 * number of resources kept.
 */
import type { ChangeActor, ChangeEvent, ChangeEventResource } from '../../watch/change-event.js';

/** The EventBridge detail type of CloudTrail management events. */
const CLOUDTRAIL_DETAIL_TYPE = 'AWS API Call via CloudTrail';

/** Deepest nesting of `requestParameters` / `responseElements` looked into. */
const MAX_DEPTH = 12;

/** Most resources one event may name (a bulk `CreateTags` names up to 1,000). */
const MAX_RESOURCES = 1000;

/** Call names that read without changing anything. */
const READ_ONLY_NAME = /^(Describe|Get|List|Head|Lookup|Search|BatchGet|Scan|Query)/;

/** EC2 and VPC id prefixes, and the Terraform type each one names. */
const EC2_ID_TYPES: readonly [prefix: string, type: string][] = [
  ['i-', 'aws_instance'],
  ['sg-', 'aws_security_group'],
  ['sgr-', ''],
  ['vpc-', 'aws_vpc'],
  ['subnet-', 'aws_subnet'],
  ['vol-', 'aws_ebs_volume'],
  ['igw-', 'aws_internet_gateway'],
  ['rtb-', 'aws_route_table'],
  ['eni-', 'aws_network_interface'],
  ['nat-', 'aws_nat_gateway'],
  ['eipalloc-', 'aws_eip'],
  ['acl-', 'aws_network_acl'],
  ['lt-', 'aws_launch_template'],
];

const EC2_ID = /^(i|sg|sgr|vpc|subnet|vol|igw|rtb|eni|nat|eipalloc|acl|lt)-[0-9a-f]{8,17}$/;

/** Parameter names that carry an id, per service, and the Terraform type they name. */
const NAMED_IDS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  's3.amazonaws.com': { bucketName: 'aws_s3_bucket' },
  'iam.amazonaws.com': {
    roleName: 'aws_iam_role',
    userName: 'aws_iam_user',
    groupName: 'aws_iam_group',
    policyArn: 'aws_iam_policy',
    instanceProfileName: 'aws_iam_instance_profile',
  },
  'dynamodb.amazonaws.com': { tableName: 'aws_dynamodb_table' },
  'lambda.amazonaws.com': { functionName: 'aws_lambda_function' },
  'rds.amazonaws.com': {
    dBInstanceIdentifier: 'aws_db_instance',
    dBClusterIdentifier: 'aws_rds_cluster',
    dBSubnetGroupName: 'aws_db_subnet_group',
    dBParameterGroupName: 'aws_db_parameter_group',
  },
};

/**
 * S3 bucket settings that are resources of their own since AWS provider v4: an event that
 * changes one touches the bucket and that resource (whose id is the bucket name too).
 */
const S3_SETTING_TYPES: readonly [name: RegExp, type: string][] = [
  [/BucketVersioning$/, 'aws_s3_bucket_versioning'],
  [/BucketPolicy$/, 'aws_s3_bucket_policy'],
  [/BucketAcl$/, 'aws_s3_bucket_acl'],
  [/BucketEncryption$/, 'aws_s3_bucket_server_side_encryption_configuration'],
  [/BucketLifecycle(Configuration)?$/, 'aws_s3_bucket_lifecycle_configuration'],
  [/BucketLogging$/, 'aws_s3_bucket_logging'],
  [/BucketCors$/, 'aws_s3_bucket_cors_configuration'],
  [/BucketWebsite$/, 'aws_s3_bucket_website_configuration'],
  [/PublicAccessBlock$/, 'aws_s3_bucket_public_access_block'],
  [/BucketOwnershipControls$/, 'aws_s3_bucket_ownership_controls'],
  [/BucketReplication$/, 'aws_s3_bucket_replication_configuration'],
];

/** The fields of a CloudTrail record read here. */
interface TrailRecord {
  eventName?: unknown;
  eventSource?: unknown;
  eventTime?: unknown;
  readOnly?: unknown;
  errorCode?: unknown;
  eventType?: unknown;
  managementEvent?: unknown;
  userIdentity?: {
    arn?: unknown;
    principalId?: unknown;
    invokedBy?: unknown;
    type?: unknown;
    sessionContext?: { sessionIssuer?: { arn?: unknown } };
  };
  sourceIPAddress?: unknown;
  userAgent?: unknown;
  requestParameters?: unknown;
  responseElements?: unknown;
  resources?: unknown;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Lambda event names carry the API version: `UpdateFunctionConfiguration20150331v2`. */
function baseName(eventName: string): string {
  return eventName.replace(/\d{8}(v\d+)?$/, '');
}

/** Whether a call only reads. */
function isReadOnlyCall(record: { readOnly?: unknown; eventName?: unknown }): boolean {
  if (record.readOnly === true || record.readOnly === 'true') return true;
  if (record.readOnly === false || record.readOnly === 'false') return false;
  const name = str(record.eventName);
  return name !== undefined && READ_ONLY_NAME.test(baseName(name));
}

/** Collects resources without duplicates, up to {@link MAX_RESOURCES}. */
class ResourceSet {
  readonly list: ChangeEventResource[] = [];
  private readonly seen = new Set<string>();

  add(resource: ChangeEventResource): void {
    if (this.list.length >= MAX_RESOURCES) return;
    const key = JSON.stringify([resource.type, resource.id, resource.arn]);
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.list.push(resource);
  }
}

/** The Terraform type of an EC2 id, `''` when ambiguous (a rule id), `undefined` when not one. */
function ec2Type(id: string): string | undefined {
  if (!EC2_ID.test(id)) return undefined;
  return EC2_ID_TYPES.find(([prefix]) => id.startsWith(prefix))?.[1];
}

/** A Lambda `functionName`, which may be a name, a partial ARN or a full ARN. */
function lambdaResource(value: string): ChangeEventResource {
  if (value.startsWith('arn:')) {
    const name = /:function:([^:]+)/.exec(value)?.[1];
    return name === undefined
      ? { arn: value }
      : { type: 'aws_lambda_function', id: name, arn: value.replace(/:(\$LATEST|\d+)$/, '') };
  }
  return { type: 'aws_lambda_function', id: value };
}

/**
 * Walks request parameters or response elements for ids the service is known to use, and,
 * in a response (`arns`), the ARNs of what was created or changed (`tableArn`, `dBInstanceArn`).
 */
function collectIds(
  value: unknown,
  source: string,
  out: ResourceSet,
  arns: boolean,
  depth = 0,
): void {
  if (depth > MAX_DEPTH) return;
  if (Array.isArray(value)) {
    for (const item of value) collectIds(item, source, out, arns, depth + 1);
    return;
  }
  if (!isObject(value)) return;
  const named = NAMED_IDS[source];
  for (const [key, member] of Object.entries(value)) {
    const text = str(member);
    if (text !== undefined) {
      const type = named !== undefined && Object.hasOwn(named, key) ? named[key] : undefined;
      if (type === 'aws_lambda_function') out.add(lambdaResource(text));
      else if (type === 'aws_iam_policy') out.add({ type, id: text, arn: text });
      else if (type !== undefined) out.add({ type, id: text });
      else if (source === 'ec2.amazonaws.com' && /Id$/.test(key)) {
        const ec2 = ec2Type(text);
        if (ec2 === '') out.add({ id: text });
        else if (ec2 !== undefined) out.add({ type: ec2, id: text });
      } else if (arns && /[aA]rn$/.test(key) && text.startsWith('arn:')) {
        out.add({ arn: text });
      }
    } else {
      collectIds(member, source, out, arns, depth + 1);
    }
  }
}

/** The bucket settings resources an S3 call touches. */
function s3Settings(eventName: string, resources: ResourceSet): void {
  const buckets = resources.list.filter((r) => r.type === 'aws_s3_bucket' && r.id !== undefined);
  for (const [pattern, type] of S3_SETTING_TYPES) {
    if (!pattern.test(eventName)) continue;
    for (const bucket of buckets) resources.add({ type, id: bucket.id });
  }
  for (const bucket of buckets) {
    if (bucket.arn === undefined) bucket.arn = `arn:aws:s3:::${bucket.id as string}`;
  }
}

/** Who made the call. */
function actorOf(record: TrailRecord): ChangeActor | undefined {
  const who = record.userIdentity;
  const principal =
    str(who?.arn) ??
    str(who?.sessionContext?.sessionIssuer?.arn) ??
    str(who?.principalId) ??
    str(who?.invokedBy) ??
    str(who?.type);
  if (principal === undefined) return undefined;
  const actor: ChangeActor = { principal };
  const ip = str(record.sourceIPAddress);
  if (ip !== undefined) actor.sourceIp = ip;
  const agent = str(record.userAgent);
  if (agent !== undefined) actor.userAgent = agent;
  return actor;
}

/**
 * The CloudTrail record inside a queue message body: an EventBridge event (its `detail`,
 * with the envelope's resource ARNs), an SNS notification around one, or a bare record.
 * `undefined` when the body is none of these.
 * @internal
 */
export function recordOfMessage(
  body: string,
): { record: TrailRecord; envelopeArns: string[] } | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (isObject(parsed) && parsed.Type === 'Notification' && typeof parsed.Message === 'string') {
    return recordOfMessage(parsed.Message);
  }
  if (!isObject(parsed)) return undefined;
  if (isObject(parsed.detail)) {
    if (parsed['detail-type'] !== CLOUDTRAIL_DETAIL_TYPE) return undefined;
    const arns = Array.isArray(parsed.resources)
      ? parsed.resources.filter((a): a is string => typeof a === 'string')
      : [];
    return { record: parsed.detail, envelopeArns: arns };
  }
  if (typeof parsed.eventName === 'string' && typeof parsed.eventSource === 'string') {
    return { record: parsed, envelopeArns: [] };
  }
  return undefined;
}

/**
 * The change a CloudTrail record describes, or `undefined` when it changed nothing (a
 * read-only or failed call) or names no resource.
 * @internal
 */
export function changeOfRecord(
  record: TrailRecord,
  envelopeArns: readonly string[] = [],
): ChangeEvent | undefined {
  const eventName = str(record.eventName);
  const source = str(record.eventSource);
  if (eventName === undefined || source === undefined) return undefined;
  if (isReadOnlyCall(record) || record.errorCode !== undefined) return undefined;
  const resources = new ResourceSet();
  collectIds(record.requestParameters, source, resources, false);
  collectIds(record.responseElements, source, resources, true);
  if (source === 's3.amazonaws.com') s3Settings(baseName(eventName), resources);
  if (Array.isArray(record.resources)) {
    for (const r of record.resources) {
      const arn = isObject(r) ? str(r.ARN) : undefined;
      if (arn !== undefined) resources.add({ arn });
    }
  }
  for (const arn of envelopeArns) resources.add({ arn });
  if (resources.list.length === 0) return undefined;
  const event: ChangeEvent = {
    at: str(record.eventTime) ?? new Date().toISOString(),
    resources: resources.list,
    name: eventName,
  };
  const actor = actorOf(record);
  if (actor !== undefined) event.actor = actor;
  return event;
}
