import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '@borderflow/db';
import { enqueueOutbox, SendLater, startOutboxRelay, type OutboxEntry, type OutboxRelay } from './outbox.ts';

let db: TestDatabase;
const relays: OutboxRelay[] = [];

beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(() => db?.close());
afterEach(async () => {
  for (const r of relays.splice(0)) await r.stop();
  await db.prisma.outboxMessage.deleteMany();
});

function relay(senders: Record<string, (m: OutboxEntry) => Promise<void>>): OutboxRelay {
  const r = startOutboxRelay({ prisma: db.prisma, senders, manual: true, onError: () => undefined });
  relays.push(r);
  return r;
}

describe('transactional outbox', () => {
  it('relays a message exactly when its transaction committed', async () => {
    await expect(db.prisma.$transaction(async (tx) => {
      await enqueueOutbox(tx, { topic: 'note', key: 'trip-1', payload: { n: 1 } });
      throw new Error('the state change failed');
    })).rejects.toThrow('the state change failed');
    const id = await db.prisma.$transaction((tx) => enqueueOutbox(tx, { topic: 'note', key: 'trip-2', payload: { n: 2 } }));

    const sent: OutboxEntry[] = [];
    const r = relay({ note: async (m) => void sent.push(m) });
    await r.flush();
    expect(sent.map((m) => [m.id, m.key, m.payload])).toEqual([[id, 'trip-2', { n: 2 }]]);
    expect(await db.prisma.outboxMessage.count()).toBe(0);
  });

  it('sends again, under the same id, a message whose relay died after sending and before recording it', async () => {
    const id = await db.prisma.$transaction((tx) => enqueueOutbox(tx, { topic: 'note', key: 'trip-1', payload: {} }));
    const received: string[] = [];
    // The first relay delivers, then dies before its delete commits (its transaction rolls back).
    const dying = startOutboxRelay({
      prisma: db.prisma, manual: true, onError: () => undefined,
      senders: { note: async (m) => { received.push(m.id); throw new Error('process killed'); } },
    });
    await dying.flush();
    await dying.stop();
    expect(await db.prisma.outboxMessage.count()).toBe(1);

    await relay({ note: async (m) => void received.push(m.id) }).flush();
    expect(received).toEqual([id, id]); // at least once; the receiver deduplicates by id
    expect(new Set(received).size).toBe(1);
    expect(await db.prisma.outboxMessage.count()).toBe(0);
  });

  it('keeps a message with a stable id once while it waits, and sends it again under that id once it was sent', async () => {
    const write = () => db.prisma.$transaction((tx) => enqueueOutbox(tx, { id: 'cancel:trip-9', topic: 'note', key: 'trip-9', payload: {} }));
    expect(await write()).toBe('cancel:trip-9');
    await write(); // a retried change, before the relay came by
    expect(await db.prisma.outboxMessage.count()).toBe(1);
    const received: string[] = [];
    const r = relay({ note: async (m) => void received.push(m.id) });
    await r.flush();
    await write(); // a retry after it was sent
    await r.flush();
    expect(received).toEqual(['cancel:trip-9', 'cancel:trip-9']); // the receiver drops the second by its id
  });

  it('keeps a key in order behind a failing message, and lets other keys through', async () => {
    await db.prisma.$transaction(async (tx) => {
      await enqueueOutbox(tx, { topic: 'note', key: 'A', payload: { n: 'A1' } });
      await enqueueOutbox(tx, { topic: 'note', key: 'B', payload: { n: 'B1' } });
    });
    await db.prisma.$transaction((tx) => enqueueOutbox(tx, { topic: 'note', key: 'A', payload: { n: 'A2' } }));
    let down = true;
    const sent: string[] = [];
    const r = relay({
      note: async (m) => {
        const n = (m.payload as { n: string }).n;
        if (down && n === 'A1') throw new Error('receiver down');
        sent.push(n);
      },
    });
    await r.flush();
    expect(sent).toEqual(['B1']);
    const waiting = await db.prisma.outboxMessage.findMany({ orderBy: { createdAt: 'asc' } });
    expect(waiting.map((w) => [w.key, w.attempts])).toEqual([['A', 1], ['A', 0]]);
    expect(waiting[0]!.lastError).toBe('receiver down');
    down = false;
    await r.flush();
    expect(sent).toEqual(['B1', 'A1', 'A2']);
  });

  it("counts a sender's SendLater as no attempt, and still holds the key's later messages behind it", async () => {
    const first = await db.prisma.$transaction((tx) => enqueueOutbox(tx, { topic: 'note', key: 'trip-1', payload: { n: 1 } }));
    await db.prisma.$transaction((tx) => enqueueOutbox(tx, { topic: 'note', key: 'trip-1', payload: { n: 2 } }));
    const sent: unknown[] = [];
    let waiting = true;
    const r = relay({ note: async (m) => { if (waiting) throw new SendLater('backing off'); sent.push(m.payload); } });
    for (let i = 0; i < 3; i++) await r.flush();
    // Before: each poll during a backoff was a failed attempt, and the sender's doubling delay ran away.
    expect((await db.prisma.outboxMessage.findUniqueOrThrow({ where: { id: first } })).attempts).toBe(0);
    expect(sent).toEqual([]);
    waiting = false;
    await r.flush();
    expect(sent).toEqual([{ n: 1 }, { n: 2 }]);
  });

  it('leaves a topic it has no sender for to a relay that has one', async () => {
    await db.prisma.$transaction((tx) => enqueueOutbox(tx, { topic: 'push', key: 'u1', payload: {} }));
    expect(await relay({ note: async () => undefined }).flush()).toBe(0);
    expect(await db.prisma.outboxMessage.count()).toBe(1);
  });
});
