/**
 * The logger providers are given: every message, and every string in its data, scrubbed of
 * the scan's secrets. Providers log what other programs print (a plugin's stderr, an SDK's
 * error), and those may quote a secret of the state, which must never reach a log line
 * unless the caller asked for `revealSensitive`.
 */
import type { Logger } from '../providers/types.js';
import type { SecretScrubber } from '../shared/scrub-secrets.js';

const LEVELS = ['debug', 'info', 'warn', 'error'] as const;
const MAX_DEPTH = 8;

/**
 * `value` with every string scrubbed. Nothing passes unscrubbed: what is nested deeper than
 * MAX_DEPTH is dropped, and objects other than plain ones, arrays and errors (a `Map`, a
 * `Buffer`, a class instance) become their scrubbed text.
 */
function scrubValue(value: unknown, scrubber: SecretScrubber, depth: number): unknown {
  if (typeof value === 'string') return scrubber.scrub(value);
  if (typeof value !== 'object' || value === null) return value;
  if (depth >= MAX_DEPTH) return '[nested too deep]';
  if (value instanceof Error) {
    return { name: value.name, message: scrubber.scrub(value.message) };
  }
  if (Array.isArray(value)) return value.map((item) => scrubValue(item, scrubber, depth + 1));
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) {
    // Its own toString (a Buffer's text, a URL) or `[object Map]`: either way, scrubbed text.
    // eslint-disable-next-line @typescript-eslint/no-base-to-string
    return scrubber.scrub(String(value));
  }
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) out[key] = scrubValue(item, scrubber, depth + 1);
  return out;
}

/**
 * `logger` with messages and data scrubbed by `scrubber` (built on first use, and only for a
 * level the caller logs at: `logs` says which).
 * @internal
 */
export function scrubbingLogger(
  logger: Logger,
  logs: (level: keyof Logger) => boolean,
  scrubber: () => SecretScrubber,
): Logger {
  const wrapped = {} as Logger;
  for (const level of LEVELS) {
    wrapped[level] = (message, data) => {
      if (!logs(level)) return;
      const s = scrubber();
      const text = s.scrub(String(message));
      if (data === undefined) logger[level](text);
      else logger[level](text, scrubValue(data, s, 0) as Record<string, unknown>);
    };
  }
  return wrapped;
}
