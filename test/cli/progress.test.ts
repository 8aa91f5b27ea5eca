/* eslint-disable no-control-regex -- these tests are about control characters */
import { describe, expect, it } from 'vitest';
import { createProgress } from '../../src/cli/progress.js';

function stream(isTTY: boolean) {
  const out: string[] = [];
  return { out, s: { isTTY, write: (t: string) => out.push(t) } };
}

describe('progress', () => {
  it('draws a bar per phase and provider on a TTY, and clears it when finished', () => {
    const { out, s } = stream(true);
    let t = 0;
    const p = createProgress(s, { now: () => t });
    p.onProgress({ phase: 'read', provider: 'aws', done: 0, total: 4 });
    t += 1000;
    p.onProgress({ phase: 'read', provider: 'aws', done: 2, total: 4 });
    p.onProgress({ phase: 'read', provider: 'aws', done: 3, total: 4 }); // within the redraw interval: skipped
    p.onProgress({ phase: 'read', provider: 'aws', done: 4, total: 4 }); // completion always drawn
    p.finish();
    expect(out).toEqual([
      '\r\u001b[Kreading (aws) [--------------------] 0/4',
      '\r\u001b[Kreading (aws) [##########----------] 2/4',
      '\r\u001b[Kreading (aws) [####################] 4/4',
      '\r\u001b[K',
    ]);
  });

  it('shows every provider on the one line', () => {
    const { out, s } = stream(true);
    let t = 0;
    const p = createProgress(s, { now: () => (t += 1000) });
    p.onProgress({ phase: 'read', provider: 'aws', done: 1, total: 2 });
    p.onProgress({ phase: 'read', provider: 'snapshot', done: 1, total: 3 });
    expect(out.at(-1)).toBe(
      '\r\u001b[Kreading (aws) [##########----------] 1/2  reading (snapshot) [#######-------------] 1/3',
    );
  });

  it('prints plain lines when not a TTY: a start line for long phases and a done line', () => {
    const { out, s } = stream(false);
    const p = createProgress(s);
    p.onProgress({ phase: 'load', done: 1, total: 1 });
    p.onProgress({ phase: 'read', provider: 'aws', done: 0, total: 500 });
    p.onProgress({ phase: 'read', provider: 'aws', done: 250, total: 500 });
    p.onProgress({ phase: 'read', provider: 'aws', done: 500, total: 500 });
    p.finish();
    expect(out).toEqual([
      'tfdrift: loading states: done 1/1\n',
      'tfdrift: reading (aws): 0/500\n',
      'tfdrift: reading (aws): done 500/500\n',
    ]);
  });

  it('prints nothing when quiet', () => {
    const { out, s } = stream(true);
    const p = createProgress(s, { quiet: true });
    p.onProgress({ phase: 'read', done: 1, total: 1 });
    p.finish();
    expect(out).toEqual([]);
  });
});

describe('progress with a hostile provider name', () => {
  it('shows control characters as escapes, on a TTY and in plain lines', () => {
    const provider = 'evil\u001b]0;title\u0007\u009b2J\u202e';
    for (const isTTY of [true, false]) {
      const { out, s } = stream(isTTY);
      const p = createProgress(s, { now: () => 0 });
      p.onProgress({ phase: 'read', provider, done: 0, total: 200 });
      p.onProgress({ phase: 'read', provider, done: 200, total: 200 });
      const text = out.join('').replace(/\r\u001b\[K/g, '');
      expect(text).toContain('(evil\\u001b]0;title\\u0007\\u009b2J\\u202e)');
      expect(text).not.toMatch(/[\u001b\u0007\u009b\u202e]/);
    }
  });
});
