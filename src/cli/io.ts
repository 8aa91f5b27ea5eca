/**
 * What the CLI touches of the outside world, passed in so that `main` can run in-process (in
 * tests, or inside another program) as well as from `bin`.
 */

/** A writable text stream (process.stdout fits). */
export interface CliStream {
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
}

/** The real process's streams and environment. */
export function processIO(signal?: AbortSignal): CliIO {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
    ...(signal === undefined ? {} : { signal }),
  };
}
