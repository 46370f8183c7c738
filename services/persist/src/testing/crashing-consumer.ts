/**
 * A consumer process that dies (SIGKILL, no cleanup) after reading a batch and before
 * acknowledging it: the crash stream-consumer.test.ts recovers from.
 * argv: <redis url> <stream> <group> <consumer name>
 */
import { Redis } from 'ioredis';
import { startStreamConsumer } from '../stream-consumer.ts';

const [url, stream, group, consumerName] = process.argv.slice(2) as [string, string, string, string];
const redis = new Redis(url);
startStreamConsumer({
  redis, stream, group, consumerName, blockMs: 100,
  semantics: { startAt: '0', maxAttempts: 3 },
  handle: async () => {
    process.send?.('read');
    // Give the parent the message, then die mid-batch.
    await new Promise((r) => setTimeout(r, 50));
    process.kill(process.pid, 'SIGKILL');
  },
});
