/**
 * Replaces every occurrence of the given secrets in `text` with `marker`: the last line of
 * defence for messages built from other programs' output (servers, SDKs, terraform stderr),
 * which may echo a secret. Values shorter than 4 characters are skipped: they would mangle
 * ordinary words and are not worth hiding. Longer secrets go first, so a secret that
 * contains another is replaced whole rather than leaving its remainder in the text.
 * @internal
 */
export function scrubSecrets(
  text: string,
  secrets: readonly (string | undefined)[],
  marker = '[REDACTED]',
): string {
  const present: string[] = [];
  for (const secret of secrets) {
    if (secret !== undefined && secret.length >= 4 && text.includes(secret)) present.push(secret);
  }
  if (present.length > 1) present.sort((a, b) => b.length - a.length);
  let out = text;
  for (const secret of present) out = out.split(secret).join(marker);
  return out;
}
