import { readFileSync } from 'node:fs';

/** Whether a process is alive. A killed process may linger as a zombie until reaped: that is dead too. */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return false;
  }
}
