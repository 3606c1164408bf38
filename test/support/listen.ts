import type http from 'node:http';
import type https from 'node:https';
import type { AddressInfo } from 'node:net';

/** A test HTTP(S) server listening on a free port of one local address. */
export interface Listening {
  readonly port: number;
  /** Ends keep-alive sockets too, so a test never waits for an idle client to go away. */
  close(): Promise<void>;
}

/** Listens on a free port of `host` (default 127.0.0.1); rejects if that address cannot be bound. */
export async function listenLocal(
  server: http.Server | https.Server,
  host = '127.0.0.1',
): Promise<Listening> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
