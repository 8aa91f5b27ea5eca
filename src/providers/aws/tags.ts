/**
 * Tags in Terraform's shape: a map, compared through `tags_all`, with AWS-reserved `aws:`
 * keys dropped (Terraform never stores them).
 */

/** A tag as EC2, IAM and RDS return it. */
interface TagLike {
  Key?: string;
  Value?: string;
}

/**
 * Turns an AWS tag list into Terraform's `tags_all` map, sorted by key, without `aws:*`.
 * @internal
 */
export function tagMap(tags: readonly TagLike[] | undefined): Record<string, string> {
  const entries = (tags ?? [])
    .filter((tag): tag is { Key: string; Value?: string } => typeof tag.Key === 'string')
    .filter((tag) => !tag.Key.startsWith('aws:'))
    .map((tag) => [tag.Key, tag.Value ?? ''] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(entries);
}

/**
 * The same for APIs that return tags as an object (Lambda).
 * @internal
 */
export function tagRecord(tags: Record<string, string> | undefined): Record<string, string> {
  return tagMap(Object.entries(tags ?? {}).map(([Key, Value]) => ({ Key, Value })));
}

/**
 * The `Name` tag, the usual display name of EC2 objects.
 * @internal
 */
export function nameTag(tags: readonly TagLike[] | undefined): string | undefined {
  return tags?.find((tag) => tag.Key === 'Name')?.Value;
}
