/**
 * Scan progress on stderr: a redrawn bar per phase and provider on a TTY, plain lines
 * otherwise (one when a phase starts and one when it ends, so CI logs stay short), nothing
 * when quiet.
 */
import { escapeControls } from '../index.js';
import type { ProgressEvent } from '../index.js';

/** A stream progress can be written to. */
interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

/** A progress display: feed it events, then `finish` it before printing anything else. */
interface Progress {
  onProgress(event: ProgressEvent): void;
  finish(): void;
}

const BAR_WIDTH = 20;
/** Redraws at most this often on a TTY; a scan can emit an event per resource. */
const REDRAW_MS = 80;

const PHASE_LABEL: Record<ProgressEvent['phase'], string> = {
  load: 'loading states',
  read: 'reading',
  list: 'listing',
  diff: 'comparing',
};

/** The key and label of an event's line. */
function labelOf(event: ProgressEvent): string {
  const provider = event.provider === undefined ? '' : ` (${escapeControls(event.provider)})`;
  return `${PHASE_LABEL[event.phase]}${provider}`;
}

/** A text bar like `[#####-----] 50/100`. */
function bar(done: number, total: number): string {
  const share = total > 0 ? Math.min(1, done / total) : 1;
  const filled = Math.round(share * BAR_WIDTH);
  return `[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}] ${done}/${total}`;
}

/** Progress that prints nothing. */
const SILENT: Progress = { onProgress: () => undefined, finish: () => undefined };

/** A redrawn single line with every phase's bar. */
function ttyProgress(stream: ProgressStream, now: () => number): Progress {
  const lines = new Map<string, { done: number; total: number }>();
  let last = -Infinity;
  let drawn = false;
  const draw = (): void => {
    const text = [...lines.entries()]
      .map(([label, p]) => `${label} ${bar(p.done, p.total)}`)
      .join('  ');
    stream.write(`\r\u001b[K${text}`);
    drawn = true;
  };
  return {
    onProgress(event) {
      lines.set(labelOf(event), { done: event.done, total: event.total });
      const t = now();
      if (t - last >= REDRAW_MS || event.done >= event.total) {
        last = t;
        draw();
      }
    },
    finish() {
      if (drawn) stream.write('\r\u001b[K');
    },
  };
}

/** Phases shorter than this get no "started" line in plain mode, only the "done" one. */
const ANNOUNCE_FROM = 100;

/** Plain lines: when a long phase starts, and when each phase completes. */
function lineProgress(stream: ProgressStream): Progress {
  const started = new Set<string>();
  const finished = new Set<string>();
  return {
    onProgress(event) {
      const label = labelOf(event);
      if (!started.has(label)) {
        started.add(label);
        if (event.done < event.total && event.total >= ANNOUNCE_FROM) {
          stream.write(`tfdrift: ${label}: 0/${event.total}\n`);
        }
      }
      if (event.done >= event.total && event.total > 0 && !finished.has(label)) {
        finished.add(label);
        if (event.done > 0) stream.write(`tfdrift: ${label}: done ${event.done}/${event.total}\n`);
      }
    },
    finish: () => undefined,
  };
}

/** The progress display for a stream. */
export function createProgress(
  stream: ProgressStream,
  options: { quiet?: boolean; now?: () => number } = {},
): Progress {
  if (options.quiet === true) return SILENT;
  return stream.isTTY === true
    ? ttyProgress(stream, options.now ?? Date.now)
    : lineProgress(stream);
}
