/**
 * HashiCorp go-plugin's launch handshake: the environment a plugin expects, and the line it
 * prints on stdout once it listens:
 * `CORE-PROTOCOL-VERSION|APP-PROTOCOL-VERSION|NETWORK|ADDRESS|PROTOCOL[|SERVER-CERT]`,
 * for example `1|5|unix|/tmp/plugin123|grpc|`.
 */

/** The magic cookie Terraform provider plugins check before serving. @internal */
export const MAGIC_COOKIE_KEY = 'TF_PLUGIN_MAGIC_COOKIE';
/** Its value (a constant of the protocol, not a secret). @internal */
export const MAGIC_COOKIE_VALUE =
  'd602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2';

/** A parsed handshake line. @internal */
export interface Handshake {
  /** The negotiated major version of the Terraform plugin protocol. */
  protocolVersion: 5 | 6;
  /** `unix` or `tcp`. */
  network: 'unix' | 'tcp';
  /** The socket path or `host:port`. */
  address: string;
  /** The server certificate (base64 DER, unpadded) when the plugin turned on automatic mTLS. */
  serverCert?: string;
}

/** A handshake line tfdrift cannot use; the message says why. @internal */
export class HandshakeError extends Error {
  override readonly name = 'HandshakeError';
}

/** Parses the handshake line a plugin printed. @internal */
export function parseHandshake(line: string): Handshake {
  const parts = line.trim().split('|');
  if (parts.length < 5) {
    throw new HandshakeError(
      'the plugin did not print a go-plugin handshake line (is this a Terraform provider binary?)',
    );
  }
  const [core, app, network, address, protocol, cert] = parts;
  if (core !== '1') throw new HandshakeError(`unsupported go-plugin core protocol ${core}`);
  if (app !== '5' && app !== '6') {
    throw new HandshakeError(
      `the plugin speaks Terraform plugin protocol ${app}; tfdrift speaks 5 and 6`,
    );
  }
  if (network !== 'unix' && network !== 'tcp') {
    throw new HandshakeError(`unsupported plugin network ${network}`);
  }
  if (protocol !== 'grpc') {
    throw new HandshakeError(`the plugin serves ${protocol}, not grpc (too old a provider)`);
  }
  if (address === undefined || address === '')
    throw new HandshakeError('the plugin gave no address');
  return {
    protocolVersion: app === '5' ? 5 : 6,
    network,
    address,
    // Like go-plugin, a short last field is not a certificate (older plugins print filler there).
    ...(cert !== undefined && cert.length > 50 ? { serverCert: cert } : {}),
  };
}
