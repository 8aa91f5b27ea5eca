/**
 * Following an AWS pagination token, bounded. A scan must not loop forever on an endpoint
 * that keeps answering with a token, and must not stop quietly either: a listing cut short
 * would make the objects of later pages look absent (`missing`) or their parts look removed
 * (false drift). So a runaway pagination is an error: the instances read through it are
 * `unknown`.
 */
import { ProviderError } from '../../errors.js';

/** Pages followed before giving up: far beyond any real account. @internal */
const MAX_PAGES = 10_000;

/**
 * Yields the pages of one paginated call. `fetchPage` gets the token of the page to fetch
 * (`undefined` for the first); `nextToken` reads the next one from a page (`undefined` or
 * `''` at the end).
 * @throws {@link ProviderError} when a token repeats or there are more than `maxPages` pages.
 * @internal
 */
export async function* paginate<T>(
  action: string,
  fetchPage: (token: string | undefined) => Promise<T>,
  nextToken: (page: T) => string | undefined,
  maxPages = MAX_PAGES,
): AsyncIterable<T> {
  const seen = new Set<string>();
  let token: string | undefined;
  for (let page = 0; page < maxPages; page++) {
    const output = await fetchPage(token);
    yield output;
    token = nextToken(output);
    if (token === undefined || token === '') return;
    if (seen.has(token)) throw runaway(`${action} answered with a pagination token it gave before`);
    seen.add(token);
  }
  throw runaway(`${action} answered with more than ${maxPages} pages`);
}

function runaway(message: string): ProviderError {
  return new ProviderError(
    `${message}: stopped reading, so as not to take a partial list as complete`,
    {
      provider: 'aws',
      retryable: false,
    },
  );
}
