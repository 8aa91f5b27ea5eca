/**
 * Checks of numeric options. `Infinity`, `NaN`, strings and out-of-range values would
 * otherwise surface mid-scan as a loop that never ends (`retry.attempts: Infinity`) or a
 * timer that fires at once (`setTimeout` treats anything past 2^31 - 1 ms as 1 ms).
 */
import { InvalidOptionError } from '../errors.js';

/** The longest delay `setTimeout` honours, in milliseconds (about 24.8 days). @internal */
export const MAX_TIMER_MS = 2_147_483_647;

/** The range a numeric option must fall in. @internal */
interface NumberRange {
  /** Whether the value must be an integer. */
  integer?: boolean;
  /** The smallest allowed value. */
  min: number;
  /** The largest allowed value. */
  max: number;
}

/**
 * Throws {@link InvalidOptionError} unless `value` is absent or a finite number in `range`.
 * `option` is the option's JSON Pointer in the options object (`/retry/attempts`).
 * @internal
 */
export function checkNumber(value: unknown, option: string, range: NumberRange): void {
  if (value === undefined) return;
  const ok =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    (range.integer !== true || Number.isInteger(value)) &&
    value >= range.min &&
    value <= range.max;
  if (ok) return;
  const kind = range.integer === true ? 'an integer' : 'a number';
  const shown =
    typeof value === 'number'
      ? String(value)
      : typeof value === 'string'
        ? JSON.stringify(value.slice(0, 40))
        : value === null
          ? 'null'
          : typeof value;
  throw new InvalidOptionError(
    `${option.slice(1).replace(/\//g, '.')} must be ${kind} from ${range.min} to ${range.max}, got ${shown}`,
    { option },
  );
}

/** Throws {@link InvalidOptionError} unless `value` is absent or a plain object. @internal */
export function checkObject(value: unknown, option: string): void {
  if (value === undefined || (typeof value === 'object' && value !== null && !Array.isArray(value)))
    return;
  throw new InvalidOptionError(
    `${option.slice(1).replace(/\//g, '.')} must be an object, got ${value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value}`,
    { option },
  );
}
