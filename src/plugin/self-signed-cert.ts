/**
 * An ephemeral self-signed certificate for go-plugin's automatic mutual TLS, made as the
 * go-plugin client makes its own: a fresh ECDSA key, subject and DNS name `localhost`, usable
 * for both client and server authentication, signing itself. Node can sign but not build
 * certificates, so the X.509 structure (RFC 5280) is written here in DER; the key pair and
 * the signature come from `node:crypto`.
 */
import { generateKeyPairSync, randomBytes, sign } from 'node:crypto';

/** A certificate and its private key, PEM. @internal */
export interface CertificatePair {
  cert: string;
  key: string;
}

function length(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v >>>= 8) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

const tlv = (tag: number, ...content: Buffer[]): Buffer => {
  const body = Buffer.concat(content);
  return Buffer.concat([Buffer.from([tag]), length(body.length), body]);
};
const sequence = (...items: Buffer[]) => tlv(0x30, ...items);
const set = (...items: Buffer[]) => tlv(0x31, ...items);
const explicit = (n: number, inner: Buffer) => tlv(0xa0 + n, inner);
const octets = (inner: Buffer) => tlv(0x04, inner);
const bits = (inner: Buffer) => tlv(0x03, Buffer.from([0]), inner);
const bool = (value: boolean) => tlv(0x01, Buffer.from([value ? 0xff : 0]));

/** A positive INTEGER from big-endian bytes (a leading zero keeps the sign bit clear). */
function integer(bytes: Buffer): Buffer {
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start++;
  const trimmed = bytes.subarray(start);
  return tlv(0x02, (trimmed[0] ?? 0) & 0x80 ? Buffer.concat([Buffer.from([0]), trimmed]) : trimmed);
}

function oid(dotted: string): Buffer {
  const [a = 0, b = 0, ...rest] = dotted.split('.').map(Number);
  const out = [a * 40 + b];
  for (const n of rest) {
    const chunk = [n & 0x7f];
    for (let v = n >>> 7; v > 0; v >>>= 7) chunk.unshift(0x80 | (v & 0x7f));
    out.push(...chunk);
  }
  return tlv(0x06, Buffer.from(out));
}

/** UTCTime for years before 2050, GeneralizedTime after, as RFC 5280 requires. */
function time(date: Date): Buffer {
  const iso = date.toISOString().replace(/[-:T]/g, '').slice(0, 14);
  return date.getUTCFullYear() < 2050
    ? tlv(0x17, Buffer.from(`${iso.slice(2)}Z`, 'ascii'))
    : tlv(0x18, Buffer.from(`${iso}Z`, 'ascii'));
}

const ECDSA_WITH_SHA256 = sequence(oid('1.2.840.10045.4.3.2'));

function extension(id: string, critical: boolean, value: Buffer): Buffer {
  return sequence(oid(id), ...(critical ? [bool(true)] : []), octets(value));
}

/**
 * Makes the certificate: valid from a minute ago (clock skew) for `days` days.
 * @internal
 */
export function selfSignedCertificate(days = 1, now = new Date()): CertificatePair {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const name = sequence(
    set(sequence(oid('2.5.4.10'), tlv(0x0c, Buffer.from('tfdrift', 'utf8')))),
    set(sequence(oid('2.5.4.3'), tlv(0x0c, Buffer.from('localhost', 'utf8')))),
  );
  const notBefore = new Date(now.getTime() - 60_000);
  const notAfter = new Date(now.getTime() + days * 86_400_000);
  const extensions = sequence(
    // basicConstraints: CA, so the peer can use it as its own trust anchor.
    extension('2.5.29.19', true, sequence(bool(true))),
    // keyUsage: digitalSignature, keyEncipherment, keyCertSign.
    extension('2.5.29.15', true, tlv(0x03, Buffer.from([0x02, 0xa4]))),
    // extKeyUsage: serverAuth, clientAuth.
    extension('2.5.29.37', false, sequence(oid('1.3.6.1.5.5.7.3.1'), oid('1.3.6.1.5.5.7.3.2'))),
    // subjectAltName: DNS localhost.
    extension('2.5.29.17', false, sequence(tlv(0x82, Buffer.from('localhost', 'ascii')))),
  );
  const tbs = sequence(
    explicit(0, integer(Buffer.from([2]))),
    integer(randomBytes(16)),
    ECDSA_WITH_SHA256,
    name,
    sequence(time(notBefore), time(notAfter)),
    name,
    publicKey.export({ type: 'spki', format: 'der' }),
    explicit(3, extensions),
  );
  const signature = sign('sha256', tbs, privateKey);
  const der = sequence(tbs, ECDSA_WITH_SHA256, bits(signature));
  return {
    cert: pem('CERTIFICATE', der),
    key: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
  };
}

/** PEM armour for DER bytes. @internal */
export function pem(label: string, der: Uint8Array): string {
  const lines =
    Buffer.from(der)
      .toString('base64')
      .match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}
