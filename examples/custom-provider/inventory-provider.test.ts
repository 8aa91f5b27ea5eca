/**
 * The custom provider passes tfdrift's conformance suite (`checkProvider` from
 * `tfdrift/testing`) against a local fake of its API, and works inside `detectDrift`.
 *
 *   npx vitest run examples/custom-provider
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { detectDrift } from 'tfdrift';
import { checkProvider, makeInstance, makeState } from 'tfdrift/testing';
import { startFakeInventory } from './fake-inventory.js';
import { inventoryProvider } from './inventory-provider.js';

const TOKEN = 'inventory-token-123';
let inventory: Awaited<ReturnType<typeof startFakeInventory>>;

beforeAll(async () => {
  inventory = await startFakeInventory(
    {
      'i-1': { id: 'i-1', instance_type: 't3.micro' },
      'i-2': { id: 'i-2', instance_type: 't3.large' },
    },
    { forbiddenId: 'i-403', token: TOKEN },
  );
});
afterAll(() => inventory.close());

const web = makeInstance({
  type: 'aws_instance',
  name: 'web',
  attributes: { id: 'i-1', instance_type: 't3.micro' },
});
const api = makeInstance({
  type: 'aws_instance',
  name: 'api',
  attributes: { id: 'i-2', instance_type: 't3.micro' },
});
const gone = makeInstance({ type: 'aws_instance', name: 'gone', attributes: { id: 'i-9' } });
const locked = makeInstance({ type: 'aws_instance', name: 'locked', attributes: { id: 'i-403' } });

it('passes the provider conformance suite', async () => {
  const failures = await checkProvider(
    inventoryProvider({ baseUrl: inventory.url, token: TOKEN }),
    {
      found: [web, api],
      notFound: [gone],
      failing: [locked],
      secrets: [TOKEN],
    },
  );
  expect(failures).toEqual([]);
});

it('reports drift through detectDrift', async () => {
  // (A batch holding the forbidden id fails as a whole: those resources would be unknown.)
  const report = await detectDrift({
    state: makeState([web, api, gone]),
    providers: [inventoryProvider({ baseUrl: inventory.url, token: TOKEN })],
    retry: { attempts: 1 },
  });
  const status = Object.fromEntries(report.resources.map((r) => [r.address, r.status]));
  expect(status).toEqual({
    'aws_instance.api': 'drifted',
    'aws_instance.gone': 'missing',
    'aws_instance.web': 'in-sync',
  });
  expect(report.resources.find((r) => r.address === 'aws_instance.api')!.patch).toEqual([
    { op: 'replace', path: '/instance_type', value: 't3.large' },
  ]);
});
