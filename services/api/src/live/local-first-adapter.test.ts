import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { Server } from 'socket.io';
import { io as connect, type Socket as ClientSocket } from 'socket.io-client';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import { startRedisServer, type RedisServerHandle } from '@borderflow/testkit';
import { localFirst } from './local-first-adapter.ts';

const ROOM = 'gate:KT';
/** The adapter's stream, shared by both processes. */
const STREAM = 'lf:socket.io';

/** One API process's Socket.IO server and the URL of its `/live`. */
interface Process { io: Server; http: HttpServer; redis: Redis; url: string }

/** One API process's Socket.IO server, as platform.ts builds it; every socket joins the gate room. */
async function startProcess(url: string): Promise<Process> {
  const redis = new Redis(url, { enableAutoPipelining: false });
  const http = createServer();
  const io = new Server(http, {
    adapter: localFirst(createAdapter(redis, { streamName: STREAM, channelPrefix: 'lf:socket.io', sessionKeyPrefix: 'lf:session:', blockTimeInMs: 200 })),
    connectionStateRecovery: { maxDisconnectionDuration: 60_000, skipMiddlewares: true },
  });
  io.of('/live').on('connection', (socket) => {
    if (!socket.recovered) void socket.join(ROOM);
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  return { io, http, redis, url: `http://127.0.0.1:${(http.address() as AddressInfo).port}/live` };
}

async function stopProcess(p: Process) {
  await new Promise<void>((resolve) => void p.io.close(() => resolve()));
  p.redis.disconnect();
}

function client(url: string): Promise<ClientSocket> {
  const socket = connect(url, { transports: ['websocket'], forceNew: true, reconnectionDelay: 100 });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

/** The seqs a client has received, and a wait for one of them. */
function seqsOf(socket: ClientSocket) {
  const seqs: number[] = [];
  const waiters: Array<{ seq: number; resolve: () => void }> = [];
  socket.on('delta', (d: { seq: number }) => {
    seqs.push(d.seq);
    for (const w of waiters.filter((x) => x.seq === d.seq)) w.resolve();
  });
  return {
    seqs,
    has: (seq: number) => (seqs.includes(seq) ? Promise.resolve() : new Promise<void>((resolve) => waiters.push({ seq, resolve }))),
  };
}

describe('local-first broadcasts (the Redis streams adapter)', () => {
  let redisServer: RedisServerHandle;
  let dir: string;
  let admin: Redis;
  let a: Process;
  let b: Process;
  beforeAll(async () => {
    // Its own redis-server: the test pauses every client's writes.
    dir = await mkdtemp(join(tmpdir(), 'bf-local-first-'));
    redisServer = await startRedisServer({ dir, appendonly: false });
    admin = new Redis(redisServer.url);
    a = await startProcess(redisServer.url);
    b = await startProcess(redisServer.url);
  });
  afterAll(async () => {
    await admin?.call('CLIENT', 'UNPAUSE');
    await Promise.all([a, b].filter(Boolean).map(stopProcess));
    admin?.disconnect();
    await redisServer?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it("writes a room broadcast to its own sockets before Redis has taken the XADD that carries it to the other processes'", async () => {
    const here = await client(a.url);
    const there = await client(b.url);
    try {
      const onA = seqsOf(here);
      const onB = seqsOf(there);
      // Redis holds every write (the adapter's XADD) until unpaused; reads still answer.
      await admin.call('CLIENT', 'PAUSE', '120000', 'WRITE');
      a.io.of('/live').to(ROOM).emit('delta', { seq: 1 });
      // The stock adapter writes locally only after the XADD's answer: this would wait for the unpause.
      await onA.has(1);
      expect(await admin.xlen(STREAM)).toBe(0);
      expect(onB.seqs).toEqual([]);
      await admin.call('CLIENT', 'UNPAUSE');
      // The other process's sockets get it through the stream, once.
      await onB.has(1);
      expect(await admin.xlen(STREAM)).toBe(1);
      expect(onA.seqs).toEqual([1]);
    } finally {
      await admin.call('CLIENT', 'UNPAUSE');
      here.disconnect();
      there.disconnect();
    }
  });

  it('a client that reconnects is replayed every broadcast it missed (and at most some it has again)', async () => {
    const socket = await client(a.url);
    try {
      const got = seqsOf(socket);
      const nsp = a.io.of('/live');
      const entries = async () => admin.xlen(STREAM);
      const before = await entries();
      nsp.to(ROOM).emit('delta', { seq: 10 });
      await expect.poll(entries).toBe(before + 1);
      nsp.to(ROOM).emit('delta', { seq: 11 });
      await got.has(11);
      await expect.poll(entries).toBe(before + 2);
      const reconnected = new Promise<void>((resolve) => socket.io.once('reconnect', () => resolve()));
      // A dropped transport (flaky network): the session stays for recovery.
      socket.io.engine.close();
      // Sent while the client is away: only the stream has them.
      await expect.poll(() => nsp.sockets.size).toBe(0);
      nsp.to(ROOM).emit('delta', { seq: 12 });
      b.io.of('/live').to(ROOM).emit('delta', { seq: 13 });
      await expect.poll(entries).toBe(before + 4);
      await reconnected;
      await got.has(13);
      expect(socket.recovered).toBe(true);
      // Each for the first time in seq order; a seq again is the replay from an earlier broadcast's offset.
      expect([...new Set(got.seqs)]).toEqual([10, 11, 12, 13]);
    } finally {
      socket.disconnect();
    }
  });
  it('encodes nothing for a broadcast no socket of this process gets (an empty trip room, a room all of whose sockets are excepted), and the other processes still get it', async () => {
    const here = await client(a.url);
    const there = await client(b.url);
    try {
      const nspA = a.io.of('/live');
      // As a console subscribed with `batch: true`: in the gate room and its batch room.
      await nspA.sockets.get(here.id!)!.join(`${ROOM}:batch`);
      // A driver's page on the other process: its trip room only.
      const driver = b.io.of('/live').sockets.get(there.id!)!;
      await driver.leave(ROOM);
      await driver.join('trip:T1');
      const encoder = (nspA.adapter as unknown as { encoder: { encode: (packet: unknown) => unknown } }).encoder;
      const encode = encoder.encode.bind(encoder);
      let encoded = 0;
      encoder.encode = (packet) => {
        encoded++;
        return encode(packet);
      };
      const onA = seqsOf(here);
      const onB = seqsOf(there);
      // A trip room with no socket here (the driver's page is on the other process), and the burst's single
      // deltas for sockets that are not `batch`: none here. On the old code each was encoded (2).
      nspA.to('trip:T1').except(ROOM).emit('delta', { seq: 20 });
      nspA.to(ROOM).except(`${ROOM}:batch`).emit('delta', { seq: 21 });
      expect(encoded).toBe(0);
      nspA.to(ROOM).emit('delta', { seq: 22 });
      expect(encoded).toBe(1);
      await onA.has(22);
      await onB.has(20);
      expect(onA.seqs).toEqual([22]);
      encoder.encode = encode;
    } finally {
      here.disconnect();
      there.disconnect();
    }
  });
});
