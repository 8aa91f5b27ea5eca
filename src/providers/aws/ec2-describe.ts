/**
 * Batched EC2 `Describe*` reads. EC2 fails a whole call with `InvalidXxxID.NotFound` when one
 * of many `...Ids` is missing, so the ids go in a filter instead, which returns only the
 * objects that exist, with no error: absent ids are then exact-id lookups that succeeded and
 * returned nothing, i.e. not-found.
 */
import type { AwsEnv } from './resource-handler.js';
import { chunk } from './resource-handler.js';
import { paginate } from './paginate.js';

/** EC2 accepts at most 200 values in one filter. @internal */
const EC2_FILTER_VALUES_MAX = 200;

/** The page size asked of EC2 (its maximum for these calls). */
const PAGE_SIZE = 1000;

/** One EC2 describe operation and how to read its pages. @internal */
export interface DescribeSpec<T> {
  operation: string;
  /** The filter name for the ids (`instance-id`). */
  idFilter?: string;
  /** Pulls the items out of one page. */
  items: (page: Record<string, unknown>) => T[];
}

/**
 * Runs a paginated EC2 describe call with optional extra filters, yielding every item.
 * @internal
 */
export async function* describeAll<T>(
  env: AwsEnv,
  spec: DescribeSpec<T>,
  filters: { Name: string; Values: string[] }[] = [],
): AsyncIterable<T> {
  const fetchPage = (token: string | undefined): Promise<Record<string, unknown>> => {
    const input: Record<string, unknown> = { MaxResults: PAGE_SIZE };
    if (filters.length > 0) input.Filters = filters;
    if (token !== undefined) input.NextToken = token;
    return env.call('ec2', spec.operation, input);
  };
  const nextToken = (output: Record<string, unknown>): string | undefined =>
    typeof output.NextToken === 'string' ? output.NextToken : undefined;
  for await (const output of paginate(`ec2:${spec.operation}`, fetchPage, nextToken))
    yield* spec.items(output);
}

/**
 * Describes the objects with the given ids (any number: split into filter-sized calls) and
 * returns them by id.
 * @internal
 */
export async function describeByIds<T>(
  env: AwsEnv,
  spec: DescribeSpec<T> & { idFilter: string },
  ids: readonly string[],
  idOf: (item: T) => string | undefined,
): Promise<Map<string, T>> {
  const found = new Map<string, T>();
  const unique = [...new Set(ids)];
  await Promise.all(
    chunk(unique, EC2_FILTER_VALUES_MAX).map(async (values) => {
      for await (const item of describeAll(env, spec, [{ Name: spec.idFilter, Values: values }])) {
        const id = idOf(item);
        if (id !== undefined) found.set(id, item);
      }
    }),
  );
  return found;
}
