/**
 * What the CLI touches of the outside world, passed in so that `main` can run in-process (in
 * tests, or inside another program) as well as from `bin`; and how it writes output files.
 */
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  readdirSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import type { Stats } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CliError } from './args.js';

/** A writable text stream (process.stdout fits). */
interface CliStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

/** The CLI's environment. */
export interface CliIO {
  stdout: CliStream;
  stderr: CliStream;
  /** Environment variables (credentials, NO_COLOR...). */
  env: Record<string, string | undefined>;
  /** The directory relative paths resolve against. */
  cwd: string;
  /** Aborted on Ctrl-C. */
  signal?: AbortSignal;
  /** Aborted on SIGTERM, for commands that stop gracefully (`watch`). */
  terminate?: AbortSignal;
}

/** The real process's streams and environment. */
export function processIO(signal?: AbortSignal, terminate?: AbortSignal): CliIO {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
    ...(signal === undefined ? {} : { signal }),
    ...(terminate === undefined ? {} : { terminate }),
  };
}

/**
 * Handles errors of the process's output streams. A reader that goes away (`tfdrift scan |
 * head`) closes the pipe: later writes fail with `EPIPE`, which would otherwise surface as an
 * unhandled error event with a stack trace. Such a stream is dropped quietly and the exit code
 * stays the scan's. Any other write failure (a full disk behind a redirection) is remembered,
 * so the exit code can say the output was lost.
 */
export function watchOutputStreams(streams: readonly NodeJS.WritableStream[]): {
  /** The first error other than a closed pipe, as a code or message. */
  failure(): string | undefined;
} {
  let failure: string | undefined;
  for (const stream of streams) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED') return;
      failure ??= error.code ?? error.message;
    });
  }
  return { failure: () => failure };
}

/** The files a scan reads, by option, as the command line gave them. */
export interface InputFiles {
  state?: readonly string[];
  snapshot?: string;
  config?: string;
  'ignore-file'?: string;
}

/** A file a command reads: its option (for messages) and its path as given. */
interface NamedInput {
  option: string;
  path: string;
}

/** Every local file among the inputs (sources such as `s3://` and `-` are not files). */
function localInputs(inputs: InputFiles, cwd: string): NamedInput[] {
  const out: NamedInput[] = [];
  // Without --state, ./terraform.tfstate is read when it exists.
  for (const s of inputs.state ?? ['terraform.tfstate']) {
    if (s !== '-' && !/^[a-z][a-z0-9+.-]+:/i.test(s)) out.push({ option: '--state', path: s });
    else if (s.startsWith('file:')) {
      try {
        out.push({ option: '--state', path: fileURLToPath(s) });
      } catch {
        // Not a usable file URL: loading it fails on its own.
      }
    }
  }
  if (inputs.snapshot !== undefined) out.push({ option: '--snapshot', path: inputs.snapshot });
  if (inputs['ignore-file'] !== undefined)
    out.push({ option: '--ignore-file', path: inputs['ignore-file'] });
  if (inputs.config !== undefined) {
    const dir = resolve(cwd, inputs.config);
    try {
      if (statSync(dir).isDirectory()) {
        for (const name of readdirSync(dir)) {
          if (name.endsWith('.tf') || name.endsWith('.tf.json'))
            out.push({ option: '--config', path: join(dir, name) });
        }
      } else out.push({ option: '--config', path: inputs.config });
    } catch {
      // Missing: nothing there to overwrite.
    }
  }
  return out;
}

/** The identity of an existing file (device and inode: the same through symlinks and hard links). */
function identity(path: string): string | undefined {
  try {
    const s = statSync(path);
    return `${s.dev}:${s.ino}`;
  } catch {
    return undefined;
  }
}

/**
 * Throws a {@link CliError} when `target` (as the user named it) is one of the command's
 * input files: the same path, or the same file through a symlink or a hard link.
 */
export function refuseInputAsOutput(target: string, inputs: InputFiles, cwd: string): void {
  const file = resolve(cwd, target);
  const id = identity(file);
  for (const input of localInputs(inputs, cwd)) {
    const path = resolve(cwd, input.path);
    if (path === file || (id !== undefined && identity(path) === id)) {
      throw new CliError(
        `refusing to write ${target}: it is the ${input.option} input ${input.path}; choose another --output`,
      );
    }
  }
}

/**
 * Writes `text` to `target` (as the user named it, relative to `cwd`) atomically: into a
 * temporary file in the same directory, then renamed over the target, so a reader never sees
 * half a file and a failed write leaves the old one intact. A symlinked target is replaced
 * through its link; an existing target keeps its permissions. Refuses to overwrite an input
 * (see {@link refuseInputAsOutput}). Failures are one-line {@link CliError}s.
 */
export function writeFileAtomic(
  target: string,
  text: string,
  inputs: InputFiles,
  cwd: string,
): void {
  refuseInputAsOutput(target, inputs, cwd);
  const fail = (error: unknown): CliError => {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    return new CliError(`cannot write ${target}: ${reason}`);
  };
  let file = resolve(cwd, target);
  let existing: Stats | undefined;
  try {
    file = realpathSync(file);
    existing = statSync(file);
  } catch {
    // A new file.
  }
  if (existing?.isDirectory() === true) throw new CliError(`cannot write ${target}: EISDIR`);
  if (existing !== undefined && !existing.isFile()) {
    // A device or a pipe (/dev/stdout, a FIFO): written in place, never replaced by a file.
    try {
      writeFileSync(file, text);
      return;
    } catch (error) {
      throw fail(error);
    }
  }
  const temp = join(dirname(file), `.${basename(file)}.tfdrift-${randomBytes(6).toString('hex')}`);
  try {
    writeFileSync(temp, text, { flag: 'wx' });
    if (existing !== undefined) chmodSync(temp, existing.mode & 0o7777);
    renameSync(temp, file);
  } catch (error) {
    rmSync(temp, { force: true });
    throw fail(error);
  }
}
