/**
 * The real dynalite DynamoDB emulator, in memory, on 127.0.0.1 port 0.
 */
import { createRequire } from 'node:module';
import type { AddressInfo, Server } from 'node:net';

type Dynalite = (options: Record<string, unknown>) => Server;

export interface RunningDynalite {
  url: string;
  close(): Promise<void>;
}

export async function startDynalite(): Promise<RunningDynalite> {
  const dynalite = createRequire(import.meta.url)('dynalite') as Dynalite;
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
