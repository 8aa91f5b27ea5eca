/**
 * Running an external command (terraform, tofu) with a deadline and an abort signal. The
 * child runs in its own process group, so a timeout or abort kills the whole tree (terraform
 * starts provider plugins as children of its own).
 */
import { spawn } from 'node:child_process';

/** How a command ended. @internal */
interface CommandResult {
  exitCode: number | null;
  stdout: Buffer;
  stderr: string;
}

/** Why a command did not finish. @internal */
export class CommandInterrupted extends Error {
  override readonly name = 'CommandInterrupted';
  constructor(
    readonly reason: 'timeout' | 'aborted' | 'spawn',
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

/** Options of {@link runCommand}. @internal */
interface RunCommandOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  signal: AbortSignal;
  timeoutMs?: number;
  /** Keep at most this much stderr (the head: terraform prints the error first). */
  maxStderr?: number;
}

function killTree(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL'); // the whole process group
  } catch {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

/**
 * Runs `command args` and resolves with its exit code and output. Rejects with
 * {@link CommandInterrupted} on timeout, abort or spawn failure, after killing the process
 * group; no timer or listener is left behind either way.
 * @internal
 */
export function runCommand(
  command: string,
  args: string[],
  options: RunCommandOptions,
): Promise<CommandResult> {
  const maxStderr = options.maxStderr ?? 16_384;
  return new Promise<CommandResult>((resolve, reject) => {
    if (options.signal.aborted) {
      reject(new CommandInterrupted('aborted', `${command} ${args[0] ?? ''} was aborted`));
      return;
    }
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      windowsHide: true,
    });
    const stdout: Buffer[] = [];
    let stderr = '';
    let settled = false;
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      if (stderr.length < maxStderr) stderr += chunk.slice(0, maxStderr - stderr.length);
    });

    const finish = (error: Error | undefined, result?: CommandResult): void => {
      if (settled) return;
      settled = true;
      if (timer) clearTimeout(timer);
      options.signal.removeEventListener('abort', onAbort);
      if (error) {
        killTree(child.pid);
        // Drop the pipes: a killed tree can no longer hold the event loop through them.
        child.stdout.destroy();
        child.stderr.destroy();
        reject(error);
      } else resolve(result as CommandResult);
    };
    const onAbort = (): void =>
      finish(new CommandInterrupted('aborted', `${command} ${args[0] ?? ''} was aborted`));
    options.signal.addEventListener('abort', onAbort, { once: true });
    const timer =
      options.timeoutMs !== undefined
        ? setTimeout(
            () =>
              finish(
                new CommandInterrupted(
                  'timeout',
                  `${command} ${args[0] ?? ''} did not finish within ${options.timeoutMs} ms and was killed`,
                ),
              ),
            options.timeoutMs,
          )
        : undefined;
    child.on('error', (error: NodeJS.ErrnoException) =>
      finish(
        new CommandInterrupted('spawn', `Cannot run ${command}: ${error.message}`, error.code),
      ),
    );
    child.on('close', (exitCode) =>
      finish(undefined, { exitCode, stdout: Buffer.concat(stdout), stderr }),
    );
  });
}
