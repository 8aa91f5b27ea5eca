/**
 * One running provider plugin process: launched in its own process group (so the whole tree
 * can be killed), handshake read from stdout within a deadline, stderr forwarded line by line
 * to the logger with secrets scrubbed, and killed when the reader is done, on abort, on error
 * and, as a last resort, when the Node process exits.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import type { Logger } from '../providers/types.js';
import { scrubSecrets } from '../shared/scrub-secrets.js';
import { onBoundedLines } from './bounded-lines.js';
import type { Handshake } from './handshake.js';
import {
  HandshakeError,
  MAGIC_COOKIE_KEY,
  MAGIC_COOKIE_VALUE,
  parseHandshake,
} from './handshake.js';

/** Options of {@link launchPlugin}. @internal */
export interface LaunchOptions {
  /** The plugin executable. */
  binary: string;
  /** A short name for log lines and errors, e.g. `hashicorp/aws 5.100.0`. */
  label: string;
  /** Extra environment variables for the plugin. */
  env: Record<string, string>;
  /** The client certificate (PEM) offered for automatic mTLS, in `PLUGIN_CLIENT_CERT`. */
  clientCert?: string;
  /** The working directory of the plugin. */
  cwd?: string;
  /** How long to wait for the handshake line. */
  handshakeTimeoutMs: number;
  /** Where stderr goes. */
  logger: Logger;
  /** Strings scrubbed from every forwarded line. */
  secrets: readonly string[];
  /** Aborts the launch. */
  signal?: AbortSignal;
}

/** A launched plugin. @internal */
export interface PluginProcess {
  handshake: Handshake;
  pid: number;
  /** Resolves when the process has exited. */
  exited: Promise<void>;
  /** Whether the process has exited. */
  hasExited(): boolean;
  /** Kills the process group now (SIGKILL) and waits for the exit. */
  kill(): Promise<void>;
  /** The last lines of stderr, scrubbed, for error messages. */
  stderrTail(): string;
}

const STDERR_LINES_KEPT = 20;
/** Longest line forwarded to the logger or kept for errors. */
const MAX_LINE = 4000;
/**
 * Longest part of a line read at all: scrubbing sees this much, so a secret that straddles
 * the cut at MAX_LINE is still recognised whole before the line is cut.
 */
const MAX_LINE_READ = 64 * 1024;

function killGroup(child: ChildProcess): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    try {
      child.kill('SIGKILL');
    } catch {
      // already gone
    }
  }
}

/**
 * Starts the plugin and resolves once it has printed its handshake. Rejects (after killing
 * the process) when it exits first, prints something else, or takes longer than the
 * handshake timeout.
 * @internal
 */
export function launchPlugin(options: LaunchOptions): Promise<PluginProcess> {
  const child = spawn(options.binary, [], {
    cwd: options.cwd,
    env: {
      ...process.env,
      ...options.env,
      [MAGIC_COOKIE_KEY]: MAGIC_COOKIE_VALUE,
      PLUGIN_PROTOCOL_VERSIONS: '5,6',
      ...(options.clientCert === undefined ? {} : { PLUGIN_CLIENT_CERT: options.clientCert }),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  // The last line of defence against orphans: if Node exits without close(), kill the group.
  const onExit = () => killGroup(child);
  process.once('exit', onExit);
  let exited = false;
  const exitedPromise = new Promise<void>((resolve) => {
    child.once('close', () => {
      exited = true;
      process.removeListener('exit', onExit);
      resolve();
    });
    child.once('error', () => {
      exited = true;
      process.removeListener('exit', onExit);
      resolve();
    });
  });

  const tail: string[] = [];
  // Scrub first, then cut: see MAX_LINE_READ.
  const scrub = (raw: string, truncated: boolean) => {
    const line = scrubSecrets(raw, options.secrets);
    return line.length > MAX_LINE || truncated ? `${line.slice(0, MAX_LINE)}…` : line;
  };
  onBoundedLines(child.stderr, MAX_LINE_READ, (raw, truncated) => {
    const line = scrub(raw, truncated);
    tail.push(line);
    if (tail.length > STDERR_LINES_KEPT) tail.shift();
    options.logger.debug(`plugin ${options.label}: ${line}`);
  });
  const stderrTail = () => tail.join('\n');

  const kill = async () => {
    if (!exited) killGroup(child);
    await exitedPromise;
  };

  return new Promise<PluginProcess>((resolve, reject) => {
    let settled = false;
    const fail = (message: string, cause?: unknown) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      void kill().then(() => {
        const err = stderrTail();
        reject(
          new HandshakeError(
            `${options.label}: ${message}${err ? `\nplugin stderr (last lines):\n${err}` : ''}`,
            cause === undefined ? undefined : { cause },
          ),
        );
      });
    };
    const timer = setTimeout(
      () => fail(`no handshake within ${options.handshakeTimeoutMs} ms`),
      options.handshakeTimeoutMs,
    );
    const onAbort = () => fail('aborted before the plugin started');
    if (options.signal?.aborted) onAbort();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    child.once('error', (error) => fail(`cannot start ${options.binary}: ${error.message}`, error));
    child.once('exit', (code, sig) =>
      fail(`the plugin exited (${sig ?? `code ${String(code)}`}) before its handshake`),
    );
    onBoundedLines(child.stdout, MAX_LINE_READ, (line, truncated) => {
      if (settled) {
        if (line.trim() !== '')
          options.logger.debug(`plugin ${options.label} stdout: ${scrub(line, truncated)}`);
        return;
      }
      let handshake: Handshake;
      try {
        handshake = parseHandshake(line);
      } catch (error) {
        fail((error as Error).message, error);
        return;
      }
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      resolve({
        handshake,
        pid: child.pid as number,
        exited: exitedPromise,
        hasExited: () => exited,
        kill,
        stderrTail,
      });
    });
  });
}
