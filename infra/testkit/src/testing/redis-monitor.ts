/**
 * MONITOR on a Redis server, read from a plain socket. Why not ioredis' `monitor()`: it switches
 * its connection to monitoring only once the MONITOR reply has been handled, so on a busy server
 * (CI's shared Redis) the first lines, arriving in the same chunk as that reply, are taken for
 * replies to commands never sent and throw "Command queue state error" out of the socket's handler,
 * failing whichever test file was running.
 */
import { EventEmitter } from 'node:events';
import { connect } from 'node:net';

/** A MONITOR feed: emits `monitor` (time, args, source) like ioredis' monitor, where source is `ip:port` or `lua`. */
export interface RedisMonitor extends EventEmitter {
  disconnect(): void;
}

const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', a: '\x07', '"': '"', '\\': '\\' };

/**
 * One MONITOR line (`1700000000.123456 [0 127.0.0.1:5000] "SET" "k" "v"`) as time, source and arguments
 * (each argument's bytes as a latin1 string).
 *
 * @example
 * parseMonitorLine('1.5 [0 lua] "GET" "a\\"b"'); // { time: '1.5', source: 'lua', args: ['GET', 'a"b'] }
 */
export function parseMonitorLine(line: string): { time: string; source: string; args: string[] } | null {
  const m = /^(\S+) \[\d+ ([^\]]+)\] (.*)$/.exec(line);
  if (!m) return null;
  const args: string[] = [];
  const text = m[3]!;
  let i = 0;
  while (i < text.length) {
    if (text[i] !== '"') {
      i++;
      continue;
    }
    let arg = '';
    i++;
    while (i < text.length && text[i] !== '"') {
      if (text[i] === '\\') {
        const next = text[i + 1]!;
        if (next === 'x') {
          arg += String.fromCharCode(parseInt(text.slice(i + 2, i + 4), 16));
          i += 4;
        } else {
          arg += ESCAPES[next] ?? next;
          i += 2;
        }
      } else {
        arg += text[i];
        i++;
      }
    }
    i++;
    args.push(arg);
  }
  return { time: m[1]!, source: m[2]!, args };
}

/**
 * Starts a MONITOR feed on the server at `url` (redis://host:port); resolves once the server has
 * answered MONITOR, so every command sent after it is seen.
 *
 * @example
 * const monitor = await redisMonitor(testRedisUrl());
 * monitor.on('monitor', (_time, args, source) => seen.push(args));
 * monitor.disconnect();
 */
export function redisMonitor(url: string): Promise<RedisMonitor> {
  const { hostname, port } = new URL(url);
  const feed = new EventEmitter() as RedisMonitor;
  const socket = connect({ host: hostname || '127.0.0.1', port: Number(port || 6379) });
  socket.setEncoding('latin1');
  feed.disconnect = () => socket.destroy();
  return new Promise((resolve, reject) => {
    let buffered = '';
    let started = false;
    socket.once('error', reject);
    socket.on('connect', () => socket.write('MONITOR\r\n'));
    socket.on('data', (chunk: string) => {
      buffered += chunk;
      let end: number;
      while ((end = buffered.indexOf('\r\n')) >= 0) {
        const line = buffered.slice(0, end);
        buffered = buffered.slice(end + 2);
        if (!started) {
          if (line !== '+OK') {
            reject(new Error(`MONITOR refused: ${line}`));
            socket.destroy();
            return;
          }
          started = true;
          socket.removeListener('error', reject);
          socket.on('error', () => undefined);
          resolve(feed);
          continue;
        }
        // Each line is a simple string (+…) whose arguments are bytes, non-ASCII ones escaped: read back as UTF-8.
        const parsed = parseMonitorLine(line.slice(1));
        if (parsed) feed.emit('monitor', parsed.time, parsed.args.map((a) => Buffer.from(a, 'latin1').toString('utf8')), parsed.source);
      }
    });
  });
}
