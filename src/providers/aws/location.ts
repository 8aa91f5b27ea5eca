/**
 * Where a resource instance lives: its region and account, from the instance's provider
 * configuration (alias) first, then what its own attributes say, then the defaults.
 */
import type { ResourceInstance } from '../../model/state.js';

/** A parsed ARN's location parts. */
interface ArnLocation {
  region: string;
  account: string;
}

/**
 * The region and account of an ARN (`arn:aws:ec2:eu-west-1:123456789012:instance/i-1`);
 * empty strings when the ARN has none (IAM and S3 ARNs have no region).
 * @internal
 */
function parseArnLocation(arn: unknown): ArnLocation | undefined {
  if (typeof arn !== 'string' || !arn.startsWith('arn:')) return undefined;
  const parts = arn.split(':');
  if (parts.length < 6) return undefined;
  return { region: parts[3] ?? '', account: parts[4] ?? '' };
}

/** Partitions by region prefix; everything else is the commercial `aws` partition. */
const PARTITIONS: [prefix: string, partition: string][] = [
  ['cn-', 'aws-cn'],
  ['us-gov-', 'aws-us-gov'],
  ['us-isob-', 'aws-iso-b'],
  ['us-iso-', 'aws-iso'],
  ['eu-isoe-', 'aws-iso-e'],
];

/**
 * The ARN partition of a region (`aws`, `aws-cn`, `aws-us-gov`...), for ARNs built locally.
 * @internal
 */
export function partitionOf(region: string): string {
  return PARTITIONS.find(([prefix]) => region.startsWith(prefix))?.[1] ?? 'aws';
}

/** Options that decide locations. @internal */
interface LocationDefaults {
  /** The region used when nothing else says. */
  region: string;
  /** Provider alias → region. */
  aliasRegions: Record<string, string>;
  /** The account id, when configured. */
  accountId?: string;
}

/** A resolved location. @internal */
interface Location {
  region: string;
  account: string;
}

const AZ_PATTERN = /^([a-z]{2}(?:-gov)?-[a-z]+-\d)[a-z]$/;

function regionFromAttributes(attributes: Record<string, unknown>): string | undefined {
  const arn = parseArnLocation(attributes.arn);
  if (arn !== undefined && arn.region !== '') return arn.region;
  // Provider v6 stores the region on every resource.
  if (typeof attributes.region === 'string' && attributes.region !== '') return attributes.region;
  const az = attributes.availability_zone;
  if (typeof az === 'string') {
    const match = AZ_PATTERN.exec(az);
    if (match?.[1] !== undefined) return match[1];
  }
  return undefined;
}

/** The alias name without an OpenTofu instance key (`by_region["eu-west-1"]` → key wins). */
function regionFromAlias(alias: string, aliasRegions: Record<string, string>): string | undefined {
  const direct = aliasRegions[alias];
  if (direct !== undefined) return direct;
  const keyed = /^[^[]+\["([^"]+)"\]$/.exec(alias);
  if (keyed?.[1] !== undefined)
    return aliasRegions[keyed[1]] ?? aliasRegions[alias.split('[')[0] ?? ''];
  return undefined;
}

/**
 * Resolves an instance's region and account. An explicit alias mapping wins (the provider
 * configuration decides where Terraform created the object); then the instance's own
 * attributes (ARN, `region`, availability zone); then the default region.
 * @internal
 */
export function resolveLocation(instance: ResourceInstance, defaults: LocationDefaults): Location {
  const alias = instance.providerAlias;
  const aliasRegion =
    alias === undefined ? undefined : regionFromAlias(alias, defaults.aliasRegions);
  const region = aliasRegion ?? regionFromAttributes(instance.attributes) ?? defaults.region;
  const arnAccount = parseArnLocation(instance.attributes.arn)?.account;
  const account =
    arnAccount !== undefined && arnAccount !== '' ? arnAccount : (defaults.accountId ?? 'default');
  return { region, account };
}
