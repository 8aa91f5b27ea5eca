/**
 * `Pack.deleteCommands`: how a `delete` remediation removes an unmanaged object comes from
 * the packs, so a third-party pack can teach it and a later pack can switch it off.
 */
import { describe, expect, it } from 'vitest';
import {
  definePack,
  detectDrift,
  InvalidOptionError,
  snapshotProvider,
  type DriftReport,
  type Pack,
} from '../../src/index.js';
import { makeInstance, makeState } from '../../src/testing/make-instance.js';

const kept = makeInstance({ type: 'acme_widget', name: 'kept', attributes: { id: 'w-1' } });

/** A scan that finds one unmanaged widget, `w-2` in `eu-1`, and asks to delete it. */
function scan(packs: Pack[]): Promise<DriftReport> {
  return detectDrift({
    state: makeState([kept]),
    providers: [
      snapshotProvider({
        data: {
          byId: {
            acme_widget: {
              'w-1': { attributes: { id: 'w-1' } },
              "w-2'; rm -rf /": { attributes: { id: "w-2'; rm -rf /" }, location: 'eu-1' },
            },
          },
        },
      }),
    ],
    unmanaged: true,
    packs,
    remediation: (_resource, suggest) => suggest('delete'),
  });
}

const widgets = definePack({
  source: 'acme/widgets',
  deleteCommands: {
    acme_widget: { command: 'acme widgets rm', idFlag: '--id', locationFlag: '--zone' },
  },
});

describe('delete commands from packs', () => {
  it("a third-party pack's command deletes an unmanaged object, the id one shell word", async () => {
    const report = await scan([widgets]);
    expect(report.unmanaged.map((u) => u.remediation?.command)).toEqual([
      `acme widgets rm --id 'w-2'\\''; rm -rf /' --zone eu-1`,
    ]);
  });

  it('a later pack removes it: advice, no command', async () => {
    const off = definePack({ source: 'me/off', remove: { deleteCommands: ['acme_widget'] } });
    const [remediation] = (await scan([widgets, off])).unmanaged.map((u) => u.remediation);
    expect(remediation?.action).toBe('delete');
    expect(remediation?.command).toBeUndefined();
    expect(remediation?.summary).toMatch(/no command known/);
  });

  it('a malformed entry is an InvalidOptionError at its place', () => {
    for (const [entry, option] of [
      [{}, '/deleteCommands/acme_widget'],
      [{ command: '' }, '/deleteCommands/acme_widget'],
      [{ command: 'rm', idFlag: 7 }, '/deleteCommands/acme_widget/idFlag'],
    ] as const) {
      expect(() =>
        definePack({
          source: 'acme/widgets',
          deleteCommands: { acme_widget: entry as never },
        }),
      ).toThrow(expect.objectContaining({ code: 'INVALID_OPTION', option }));
    }
    expect(() =>
      definePack({ source: 'acme/widgets', remove: { deleteCommands: 'acme_widget' as never } }),
    ).toThrow(InvalidOptionError);
  });
});
