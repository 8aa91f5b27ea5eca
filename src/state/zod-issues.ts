/**
 * Maps zod validation issues to tfdrift's JSON Pointer issues, so no `ZodError` ever leaves
 * the library.
 */
import type { z } from 'zod';
import type { StateParseIssue } from '../errors.js';
import { pointerFromTokens } from './json-pointer.js';

/**
 * Converts zod issues found under `base` (a JSON Pointer) into {@link StateParseIssue}s.
 * Messages name the expectation only, never the offending value.
 * @internal
 */
export function issuesFromZod(error: z.ZodError, base: string): StateParseIssue[] {
  return error.issues.map((issue) => ({
    path: base + pointerFromTokens(issue.path.map((token) => String(token))),
    message: issue.message,
  }));
}
