/**
 * The platform's Redis connection: a single server (REDIS_URL), or a Redis Cluster when
 * REDIS_CLUSTER_NODES lists some of its nodes. Every key of one gate carries `{g:<gate>}` and
 * every key of one agency adapter (its BullMQ queue too) `{cx:<adapter>}`, so each Lua script
 * and MULTI stays in one slot and the same code runs on both.
 */
import { Cluster, Pipeline, Redis } from 'ioredis';

/**
 * The shared command connection sends every command issued in one turn of the event loop in one
 * write: under a booking storm each request's revocation read, limiter scripts and ledger read were
 * one socket write each, and those system calls were the largest single cost in the server's profile.
 * Order on the connection is unchanged (a pipeline is answered in order).
 */
const SHARED = { enableAutoPipelining: true } as const;

/** "host:port,host:port" → ioredis startup nodes; throws naming the bad entry. */
export function parseClusterNodes(list: string): Array<{ host: string; port: number }> {
  return list.split(',').map((n) => n.trim()).filter(Boolean).map((node) => {
    const at = node.lastIndexOf(':');
    const port = Number(node.slice(at + 1));
    if (at <= 0 || !Number.isInteger(port) || port <= 0 || port > 65535) {
      throw new Error(`REDIS_CLUSTER_NODES: "${node}" is not host:port`);
    }
    return { host: node.slice(0, at), port };
  });
}

/**
 * @example
 * const redis = connectRedis({ url: 'redis://127.0.0.1:6379' });
 * const onCluster = connectRedis({ clusterNodes: '127.0.0.1:7001,127.0.0.1:7002', connectionName: 'borderflow-api' });
 */
export function connectRedis(options: { url?: string; clusterNodes?: string; connectionName?: string }): Redis | Cluster {
  const nodes = parseClusterNodes(options.clusterNodes ?? '');
  if (nodes.length > 0) {
    // Not auto-pipelined on a cluster: ioredis files a script call under the slot of its first argument,
    // which for our scripts that take their key count first is the count, not a key, and a pipeline then
    // mixed slots ("All keys in the pipeline should belong to the same slots allocation group", a 500).
    return sharePipelineScripts(new Cluster(nodes, {
      enableAutoPipelining: false,
      redisOptions: { maxRetriesPerRequest: 3, connectionName: options.connectionName },
      // Masters only: replicas lag, and the scheduler and consumers read what they just wrote.
      scaleReads: 'master',
    }));
  }
  if (!options.url) throw new Error('set REDIS_URL or REDIS_CLUSTER_NODES');
  return sharePipelineScripts(new Redis(options.url, { ...SHARED, maxRetriesPerRequest: 3, connectionName: options.connectionName }));
}

/** What ioredis keeps of a connection's defined scripts and added commands (not in its typings). */
interface ScriptSets {
  scriptsSet: Record<string, { sha: string }>;
  addedBuiltinSet: Set<string>;
}

const NO_SCRIPTS: ScriptSets['scriptsSet'] = Object.freeze({});
const NO_COMMANDS: ScriptSets['addedBuiltinSet'] = new Set();

/**
 * The connection's pipelines (its auto pipelines too) find its Lua scripts on one prototype per
 * connection instead of each receiving a copy of them. Why:
 * - ioredis copies every defined script (its sha and two methods) onto each pipeline it opens, and
 *   auto-pipelining opens one per event-loop turn that sends a command: with the platform's ~30
 *   scripts a pipeline cost ~22 µs instead of ~6, three or more times per trip read (issue 15);
 * - a script defined while a pipeline was gathering commands was missing from that copy: the call
 *   failed, left a reply slot empty, and every other command of the pipeline died with "results[i]
 *   is not iterable". On the shared prototype a script defined at first use is there at once.
 *
 * @example
 * const redis = sharePipelineScripts(new Redis(url, { enableAutoPipelining: true }));
 */
export function sharePipelineScripts<R extends Redis | Cluster>(redis: R): R {
  const own = redis as unknown as ScriptSets & Record<string, unknown>;
  // One class per connection: its prototype carries this connection's scripts.
  const ConnectionPipeline = class extends Pipeline {};
  const scripts = ConnectionPipeline.prototype as unknown as Record<string, unknown>;
  const shaToScript: Record<string, unknown> = {};
  const share = (name: string) => {
    scripts[name] = own[name];
    scripts[`${name}Buffer`] = own[`${name}Buffer`];
  };
  const shareScript = (name: string) => {
    shaToScript[own.scriptsSet[name]!.sha] = own.scriptsSet[name];
    share(name);
  };
  Object.keys(own.scriptsSet).forEach(shareScript);
  own.addedBuiltinSet.forEach(share);
  const define = redis.defineCommand.bind(redis);
  redis.defineCommand = (name, definition) => {
    define(name, definition);
    shareScript(name);
  };
  const addCommand = redis.addBuiltinCommand.bind(redis);
  redis.addBuiltinCommand = (name) => {
    addCommand(name);
    share(name);
  };
  // As ioredis' own pipeline() (transaction.ts), but its constructor sees no scripts to copy (it runs
  // synchronously, so nothing else sees the sets emptied), and the NOSCRIPT retry finds them all by sha.
  redis.pipeline = function (this: R, commands?: unknown[][]) {
    const sets = this as unknown as ScriptSets;
    const { scriptsSet, addedBuiltinSet } = sets;
    sets.scriptsSet = NO_SCRIPTS;
    sets.addedBuiltinSet = NO_COMMANDS;
    let pipeline: Pipeline;
    try {
      pipeline = new ConnectionPipeline(this);
    } finally {
      sets.scriptsSet = scriptsSet;
      sets.addedBuiltinSet = addedBuiltinSet;
    }
    (pipeline as unknown as { _shaToScript: Record<string, unknown> })._shaToScript = shaToScript;
    if (Array.isArray(commands)) pipeline.addBatch(commands);
    return pipeline;
  } as R['pipeline'];
  return redis;
}

/**
 * A new connection like `redis` (same server or cluster), for blocking reads or pub/sub, which
 * would stall every other command on a shared connection. Not auto-pipelined: it carries one
 * command at a time.
 *
 * @example
 * const reader = duplicateRedis(ctx.redis, 'borderflow-fanout:KT');
 */
export function duplicateRedis(redis: Redis | Cluster, connectionName: string): Redis | Cluster {
  return redis.isCluster
    ? (redis as Cluster).duplicate(undefined, { enableAutoPipelining: false, redisOptions: { connectionName } })
    : (redis as Redis).duplicate({ enableAutoPipelining: false, connectionName });
}
