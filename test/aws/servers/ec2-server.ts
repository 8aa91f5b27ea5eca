/**
 * A stateful fake of the EC2 query API (the subset tfdrift reads), answering with the
 * documented XML shapes. Tests mutate `model` to simulate out-of-band changes.
 */
import { filtersOf, formParams, startFakeServer, xml, xmlEscape } from './fake-http.js';
import type { FakeResponse, FakeServer } from './fake-http.js';

export const OWNER = '123456789012';

export interface FakeInstance {
  instanceId: string;
  imageId: string;
  instanceType: string;
  availabilityZone: string;
  subnetId: string;
  vpcId: string;
  privateIpAddress: string;
  keyName?: string;
  /** Metadata hop limit (default 2). */
  hopLimit?: number;
  groupIds: string[];
  tags: Record<string, string>;
  state: 'running' | 'stopped' | 'shutting-down' | 'terminated';
  httpTokens: 'required' | 'optional';
  /** User data as the instance was given it (raw text); none by default. */
  userData?: string;
  disableApiTermination?: boolean;
  disableApiStop?: boolean;
  shutdownBehavior?: 'stop' | 'terminate';
  /** The root device (default `/dev/xvda`). */
  rootDeviceName?: string;
  /** EBS volumes attached, root included (matched by device name); none by default. */
  volumes?: FakeVolume[];
  cpu?: { coreCount: number; threadsPerCore: number };
  hibernation?: boolean;
  placementGroup?: string;
}

export interface FakeVolume {
  volumeId: string;
  deviceName: string;
  size: number;
  volumeType: string;
  iops?: number;
  throughput?: number;
  encrypted?: boolean;
  kmsKeyId?: string;
  deleteOnTermination?: boolean;
  snapshotId?: string;
  tags?: Record<string, string>;
}

export interface FakeGroup {
  groupId: string;
  groupName: string;
  description: string;
  vpcId: string;
  tags: Record<string, string>;
}

export interface FakeRule {
  ruleId: string;
  groupId: string;
  isEgress: boolean;
  ipProtocol: string;
  fromPort?: number;
  toPort?: number;
  cidrIpv4?: string;
  cidrIpv6?: string;
  referencedGroupId?: string;
  description?: string;
}

export interface FakeVpc {
  vpcId: string;
  cidrBlock: string;
  isDefault: boolean;
  tags: Record<string, string>;
  enableDnsSupport?: boolean;
  enableDnsHostnames?: boolean;
}

export interface FakeSubnet {
  subnetId: string;
  vpcId: string;
  cidrBlock: string;
  availabilityZone: string;
  defaultForAz: boolean;
  mapPublicIpOnLaunch: boolean;
  availabilityZoneId?: string;
  tags: Record<string, string>;
}

export interface Ec2Model {
  instances: Map<string, FakeInstance>;
  groups: Map<string, FakeGroup>;
  rules: FakeRule[];
  vpcs: Map<string, FakeVpc>;
  subnets: Map<string, FakeSubnet>;
  /** Caps the page size below what the client asks (to exercise pagination). */
  pageLimit?: number;
  /** A misbehaving endpoint: every page after the first answers with the token it was given. */
  repeatNextToken?: boolean;
}

export function emptyEc2Model(): Ec2Model {
  return {
    instances: new Map(),
    groups: new Map(),
    rules: [],
    vpcs: new Map(),
    subnets: new Map(),
  };
}

const tagSet = (tags: Record<string, string>) =>
  Object.entries(tags).map(([key, value]) => ({ key, value }));

/** EC2's error envelope. */
export function ec2Error(status: number, code: string, message: string): FakeResponse {
  return {
    status,
    body: `<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>${code}</Code><Message>${xmlEscape(message)}</Message></Error></Errors><RequestID>req-1</RequestID></Response>`,
  };
}

function ok(action: string, inner: string): FakeResponse {
  return {
    status: 200,
    body: `<?xml version="1.0" encoding="UTF-8"?>\n<${action}Response xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>req-1</requestId>${inner}</${action}Response>`,
  };
}

/** Applies filters (only the ones tfdrift uses) and pagination. */
function page<T>(
  model: Ec2Model,
  params: Map<string, string>,
  items: T[],
  filterValue: (item: T, name: string) => string | undefined,
): { items: T[]; next?: string } {
  const filters = filtersOf(params);
  const kept = items.filter((item) =>
    [...filters].every(([name, values]) => {
      const v = filterValue(item, name);
      if (v === undefined) throw new Error(`unsupported filter ${name}`);
      return values.includes(v);
    }),
  );
  const max = Math.min(Number(params.get('MaxResults') ?? '1000'), model.pageLimit ?? Infinity);
  const start = Number(params.get('NextToken') ?? '0');
  const slice = kept.slice(start, start + max);
  const next = model.repeatNextToken
    ? (params.get('NextToken') ?? String(max))
    : String(start + max);
  return start + max < kept.length ? { items: slice, next } : { items: slice };
}

function permissionsOf(model: Ec2Model, groupId: string, egress: boolean) {
  const byKey = new Map<
    string,
    {
      ipProtocol: string;
      fromPort?: number;
      toPort?: number;
      groups: object[];
      ipRanges: object[];
      ipv6Ranges: object[];
      prefixListIds: object[];
    }
  >();
  for (const rule of model.rules.filter((r) => r.groupId === groupId && r.isEgress === egress)) {
    const key = `${rule.ipProtocol}:${rule.fromPort}:${rule.toPort}`;
    let perm = byKey.get(key);
    if (perm === undefined) {
      perm = {
        ipProtocol: rule.ipProtocol,
        ...(rule.ipProtocol === '-1' ? {} : { fromPort: rule.fromPort, toPort: rule.toPort }),
        groups: [],
        ipRanges: [],
        ipv6Ranges: [],
        prefixListIds: [],
      };
      byKey.set(key, perm);
    }
    if (rule.cidrIpv4 !== undefined)
      perm.ipRanges.push({ cidrIp: rule.cidrIpv4, description: rule.description });
    if (rule.cidrIpv6 !== undefined)
      perm.ipv6Ranges.push({ cidrIpv6: rule.cidrIpv6, description: rule.description });
    if (rule.referencedGroupId !== undefined) {
      perm.groups.push({
        userId: OWNER,
        groupId: rule.referencedGroupId,
        description: rule.description,
      });
    }
  }
  return [...byKey.values()];
}

function describe(model: Ec2Model, action: string, params: Map<string, string>): FakeResponse {
  switch (action) {
    case 'DescribeInstances': {
      const { items, next } = page(model, params, [...model.instances.values()], (i, name) =>
        name === 'instance-id'
          ? i.instanceId
          : name === 'instance-state-name'
            ? i.state
            : undefined,
      );
      const reservations = items.map((i) => ({
        reservationId: `r-${i.instanceId.slice(2)}`,
        ownerId: OWNER,
        instancesSet: [
          {
            instanceId: i.instanceId,
            imageId: i.imageId,
            instanceState: { code: i.state === 'running' ? 16 : 80, name: i.state },
            privateIpAddress: i.privateIpAddress,
            keyName: i.keyName,
            instanceType: i.instanceType,
            placement: {
              availabilityZone: i.availabilityZone,
              tenancy: 'default',
              ...(i.placementGroup === undefined ? {} : { groupName: i.placementGroup }),
            },
            monitoring: { state: 'disabled' },
            subnetId: i.subnetId,
            vpcId: i.vpcId,
            sourceDestCheck: true,
            groupSet: i.groupIds.map((groupId) => ({
              groupId,
              groupName: model.groups.get(groupId)?.groupName ?? groupId,
            })),
            tagSet: tagSet(i.tags),
            ebsOptimized: false,
            rootDeviceType: 'ebs',
            rootDeviceName: i.rootDeviceName ?? '/dev/xvda',
            blockDeviceMapping: (i.volumes ?? []).map((v) => ({
              deviceName: v.deviceName,
              ebs: {
                volumeId: v.volumeId,
                status: 'attached',
                attachTime: '2024-01-01T00:00:00.000Z',
                deleteOnTermination: v.deleteOnTermination ?? true,
              },
            })),
            cpuOptions: {
              coreCount: i.cpu?.coreCount ?? 1,
              threadsPerCore: i.cpu?.threadsPerCore ?? 2,
            },
            hibernationOptions: { configured: i.hibernation ?? false },
            enclaveOptions: { enabled: false },
            maintenanceOptions: { autoRecovery: 'default' },
            privateDnsNameOptions: {
              hostnameType: 'ip-name',
              enableResourceNameDnsARecord: false,
              enableResourceNameDnsAAAARecord: false,
            },
            metadataOptions: {
              state: 'applied',
              httpTokens: i.httpTokens,
              httpPutResponseHopLimit: i.hopLimit ?? 2,
              httpEndpoint: 'enabled',
              httpProtocolIpv6: 'disabled',
              instanceMetadataTags: 'disabled',
            },
          },
        ],
      }));
      return ok(
        action,
        `<reservationSet>${xml(reservations, 'item')}</reservationSet>${next === undefined ? '' : `<nextToken>${next}</nextToken>`}`,
      );
    }
    case 'DescribeInstanceAttribute': {
      const i = model.instances.get(params.get('InstanceId') ?? '');
      if (i === undefined)
        return ec2Error(
          400,
          'InvalidInstanceID.NotFound',
          `The instance ID '${params.get('InstanceId')}' does not exist`,
        );
      const attribute = params.get('Attribute') ?? '';
      const values: Record<string, string | boolean | undefined> = {
        userData: i.userData === undefined ? undefined : Buffer.from(i.userData).toString('base64'),
        disableApiTermination: i.disableApiTermination ?? false,
        disableApiStop: i.disableApiStop ?? false,
        instanceInitiatedShutdownBehavior: i.shutdownBehavior ?? 'stop',
      };
      if (!Object.hasOwn(values, attribute))
        return ec2Error(
          400,
          'InvalidParameterValue',
          `Value (${attribute}) for parameter attribute is invalid`,
        );
      const value = values[attribute];
      return ok(
        action,
        `<instanceId>${i.instanceId}</instanceId>${value === undefined ? `<${attribute}/>` : `<${attribute}><value>${xmlEscape(String(value))}</value></${attribute}>`}`,
      );
    }
    case 'DescribeVolumes': {
      const all = [...model.instances.values()].flatMap((i) =>
        (i.volumes ?? []).map((v) => ({ volume: v, instance: i })),
      );
      const { items, next } = page(model, params, all, (v, name) =>
        name === 'volume-id' ? v.volume.volumeId : undefined,
      );
      const volumes = items.map(({ volume: v, instance: i }) => ({
        volumeId: v.volumeId,
        size: v.size,
        snapshotId: v.snapshotId ?? '',
        availabilityZone: i.availabilityZone,
        status: 'in-use',
        createTime: '2024-01-01T00:00:00.000Z',
        attachmentSet: [
          {
            volumeId: v.volumeId,
            instanceId: i.instanceId,
            device: v.deviceName,
            status: 'attached',
            deleteOnTermination: v.deleteOnTermination ?? true,
          },
        ],
        volumeType: v.volumeType,
        ...(v.iops === undefined ? {} : { iops: v.iops }),
        ...(v.throughput === undefined ? {} : { throughput: v.throughput }),
        encrypted: v.encrypted ?? false,
        ...(v.kmsKeyId === undefined ? {} : { kmsKeyId: v.kmsKeyId }),
        tagSet: tagSet(v.tags ?? {}),
      }));
      return ok(
        action,
        `<volumeSet>${xml(volumes, 'item')}</volumeSet>${next === undefined ? '' : `<nextToken>${next}</nextToken>`}`,
      );
    }
    case 'DescribeSecurityGroups': {
      const { items, next } = page(model, params, [...model.groups.values()], (g, name) =>
        name === 'group-id' ? g.groupId : undefined,
      );
      const groups = items.map((g) => ({
        ownerId: OWNER,
        groupId: g.groupId,
        groupName: g.groupName,
        groupDescription: g.description,
        vpcId: g.vpcId,
        securityGroupArn: `arn:aws:ec2:us-east-1:${OWNER}:security-group/${g.groupId}`,
        ipPermissions: permissionsOf(model, g.groupId, false),
        ipPermissionsEgress: permissionsOf(model, g.groupId, true),
        tagSet: tagSet(g.tags),
      }));
      return ok(
        action,
        `<securityGroupInfo>${xml(groups, 'item')}</securityGroupInfo>${next === undefined ? '' : `<nextToken>${next}</nextToken>`}`,
      );
    }
    case 'DescribeSecurityGroupRules': {
      const { items, next } = page(model, params, model.rules, (r, name) =>
        name === 'security-group-rule-id' ? r.ruleId : name === 'group-id' ? r.groupId : undefined,
      );
      const rules = items.map((r) => ({
        securityGroupRuleId: r.ruleId,
        groupId: r.groupId,
        groupOwnerId: OWNER,
        isEgress: r.isEgress,
        ipProtocol: r.ipProtocol,
        fromPort: r.ipProtocol === '-1' ? -1 : r.fromPort,
        toPort: r.ipProtocol === '-1' ? -1 : r.toPort,
        cidrIpv4: r.cidrIpv4,
        cidrIpv6: r.cidrIpv6,
        referencedGroupInfo:
          r.referencedGroupId === undefined
            ? undefined
            : { groupId: r.referencedGroupId, userId: OWNER },
        description: r.description,
        tagSet: [],
      }));
      return ok(
        action,
        `<securityGroupRuleSet>${xml(rules, 'item')}</securityGroupRuleSet>${next === undefined ? '' : `<nextToken>${next}</nextToken>`}`,
      );
    }
    case 'DescribeVpcs': {
      const { items, next } = page(model, params, [...model.vpcs.values()], (v, name) =>
        name === 'vpc-id' ? v.vpcId : undefined,
      );
      const vpcs = items.map((v) => ({
        vpcId: v.vpcId,
        ownerId: OWNER,
        state: 'available',
        cidrBlock: v.cidrBlock,
        dhcpOptionsId: 'dopt-1',
        instanceTenancy: 'default',
        isDefault: v.isDefault,
        tagSet: tagSet(v.tags),
      }));
      return ok(
        action,
        `<vpcSet>${xml(vpcs, 'item')}</vpcSet>${next === undefined ? '' : `<nextToken>${next}</nextToken>`}`,
      );
    }
    case 'DescribeVpcAttribute': {
      const vpc = model.vpcs.get(params.get('VpcId') ?? '');
      if (vpc === undefined) {
        return ec2Error(
          400,
          'InvalidVpcID.NotFound',
          `The vpc ID '${params.get('VpcId')}' does not exist`,
        );
      }
      const attribute = params.get('Attribute') ?? '';
      const value =
        attribute === 'enableDnsSupport'
          ? (vpc.enableDnsSupport ?? true)
          : (vpc.enableDnsHostnames ?? false);
      return ok(
        action,
        `<vpcId>${vpc.vpcId}</vpcId><${attribute}><value>${value}</value></${attribute}>`,
      );
    }
    case 'DescribeSubnets': {
      const { items, next } = page(model, params, [...model.subnets.values()], (s, name) =>
        name === 'subnet-id' ? s.subnetId : undefined,
      );
      const subnets = items.map((s) => ({
        subnetId: s.subnetId,
        subnetArn: `arn:aws:ec2:us-east-1:${OWNER}:subnet/${s.subnetId}`,
        state: 'available',
        vpcId: s.vpcId,
        cidrBlock: s.cidrBlock,
        availableIpAddressCount: 251,
        availabilityZone: s.availabilityZone,
        availabilityZoneId: s.availabilityZoneId ?? 'use1-az1',
        defaultForAz: s.defaultForAz,
        mapPublicIpOnLaunch: s.mapPublicIpOnLaunch,
        assignIpv6AddressOnCreation: false,
        ownerId: OWNER,
        tagSet: tagSet(s.tags),
      }));
      return ok(
        action,
        `<subnetSet>${xml(subnets, 'item')}</subnetSet>${next === undefined ? '' : `<nextToken>${next}</nextToken>`}`,
      );
    }
    default:
      return ec2Error(
        400,
        'InvalidAction',
        `The action ${action} is not valid for this web service.`,
      );
  }
}

export interface FakeEc2 extends FakeServer {
  model: Ec2Model;
}

export async function startEc2Server(model = emptyEc2Model(), latencyMs = 0): Promise<FakeEc2> {
  const server = await startFakeServer(
    (request) =>
      describe(model, formParams(request.body).get('Action') ?? '', formParams(request.body)),
    { operationOf: (request) => formParams(request.body).get('Action') ?? 'unknown', latencyMs },
  );
  return Object.assign(server, { model });
}
