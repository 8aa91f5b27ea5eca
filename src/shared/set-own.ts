/**
 * Sets an own, enumerable data property, even for the key `__proto__`, where plain
 * assignment would replace the object's prototype instead (prototype pollution).
 * @internal
 */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  } else {
    target[key] = value;
  }
}
