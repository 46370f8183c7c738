import { createServer } from 'node:net';

/**
 * Finds a TCP port that is free right now on `host`, by binding a throw-away server to port 0
 * and reading back the port the kernel chose.
 *
 * Needed because `redis-server --port 0` disables TCP instead of picking a port. The port can be
 * taken by someone else between this call and its use; callers that spawn servers retry on
 * "address in use" (see `startRedisServer`).
 *
 * @example
 * ```ts
 * const port = await freePort();
 * ```
 */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen({ port: 0, host, exclusive: true }, () => {
      const address = server.address();
      if (address === null || typeof address === 'string') {
        server.close();
        reject(new Error(`could not read the port bound on ${host}`));
        return;
      }
      const { port } = address;
      server.close((err) => (err ? reject(err) : resolve(port)));
    });
  });
}
