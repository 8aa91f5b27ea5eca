/**
 * Whether a `.driftignore` rule line says exactly what it was built from. Baseline rules are
 * built from addresses and pointers that came from state and from live reads: a live map key
 * such as `"x\naws_iam_role.admin"` would otherwise split the line in two and plant a
 * whole-resource rule for another resource, and a key holding `#` or `"` would be cut or
 * re-quoted. A line is accepted only when parsing it gives back that one rule, and it holds
 * no control character (which the grammar cannot spell and a terminal would interpret).
 */
import { parseDriftignore } from '../index.js';

// C0 and C1 controls, DEL, and the Unicode line and paragraph separators.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/**
 * Why `line` does not spell the rule (`address`, `path`), or `undefined` when it does.
 * @internal
 */
export function ruleSpellingProblem(
  line: string,
  address: string,
  path?: string,
): string | undefined {
  if (CONTROL.test(line)) return 'it contains a control character';
  let parsed;
  try {
    parsed = parseDriftignore(line);
  } catch {
    return 'the rule would not parse';
  }
  const rule = parsed.length === 1 ? parsed[0] : undefined;
  if (
    rule === undefined ||
    rule.address !== address ||
    rule.path !== path ||
    rule.negate === true
  ) {
    return 'the rule would not read back as written';
  }
  return undefined;
}
