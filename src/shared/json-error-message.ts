/**
 * The message of a `JSON.parse` error without the excerpt V8 quotes from the input
 * (`Unexpected token 'h', ..."password": hunter2"... is not valid JSON`). The input may be a
 * state, a snapshot or a plan, all of which hold secrets, so no error message may quote it.
 * @internal
 */
export function jsonErrorWithoutExcerpt(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/, (?:\.\.\.)?"[\s\S]*"(?:\.\.\.)? is not valid JSON$/, '');
}
