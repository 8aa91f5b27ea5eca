/**
 * Sensitive value locations, turned into RFC 6901 JSON Pointers into `attributes`.
 *
 * State v4 stores `sensitive_attributes` as cty paths (unchanged in shape from Terraform 0.14
 * through 1.x and OpenTofu): `[[{"type":"get_attr","value":"password"}], [{"type":"get_attr",
 * "value":"tags"}, {"type":"index","value":{"value":"k","type":"string"}}]]`.
 * `terraform show -json` instead mirrors `values` in `sensitive_values` with `true` leaves.
 */
import { escapePointerToken } from './json-pointer.js';
import { isObject } from './issues.js';

function stepToken(step: unknown): string | undefined {
  if (!isObject(step)) return undefined;
  if (step.type === 'get_attr') {
    return typeof step.value === 'string' ? escapePointerToken(step.value) : undefined;
  }
  if (step.type === 'index') {
    // The value is cty-typed JSON `{value, type}`; tolerate a bare key too.
    const key = isObject(step.value) ? step.value.value : step.value;
    if (typeof key === 'string') return escapePointerToken(key);
    if (typeof key === 'number' && Number.isInteger(key)) return String(key);
  }
  return undefined;
}

/**
 * Converts state `sensitive_attributes` into pointers. Paths with a step this library does not
 * know are dropped, as Terraform drops them.
 * @internal
 */
export function pointersFromCtyPaths(paths: readonly unknown[]): string[] {
  const pointers: string[] = [];
  for (const path of paths) {
    if (!Array.isArray(path)) continue;
    let pointer = '';
    let valid = true;
    for (const step of path) {
      const token = stepToken(step);
      if (token === undefined) {
        valid = false;
        break;
      }
      pointer += `/${token}`;
    }
    if (valid && !pointers.includes(pointer)) pointers.push(pointer);
  }
  return pointers;
}

/**
 * Converts a `sensitive_values` mirror (`true` at sensitive leaves) into pointers. A bare
 * `true` means the whole object is sensitive (pointer `""`).
 * @internal
 */
export function pointersFromMirror(mirror: unknown): string[] {
  const pointers: string[] = [];
  const visit = (value: unknown, pointer: string): void => {
    if (value === true) pointers.push(pointer);
    else if (Array.isArray(value)) value.forEach((item, i) => visit(item, `${pointer}/${i}`));
    else if (isObject(value)) {
      for (const key of Object.keys(value))
        visit(value[key], `${pointer}/${escapePointerToken(key)}`);
    }
  };
  visit(mirror, '');
  return pointers;
}
