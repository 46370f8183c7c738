/**
 * The platform's Redis connection: a single server (REDIS_URL), or a Redis Cluster when
 * REDIS_CLUSTER_NODES lists some of its nodes. Every key of one gate carries `{g:<gate>}` and
 * every key of one agency adapter (its BullMQ queue too) `{cx:<adapter>}`, so each Lua script
 * and MULTI stays in one slot and the same code runs on both.
 */
import { Cluster, Redis } from 'ioredis';

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
    return teachOpenPipelines(new Cluster(nodes, {
      enableAutoPipelining: false,
      redisOptions: { maxRetriesPerRequest: 3, connectionName: options.connectionName },
      // Masters only: replicas lag, and the scheduler and consumers read what they just wrote.
      scaleReads: 'master',
    }));
  }
  if (!options.url) throw new Error('set REDIS_URL or REDIS_CLUSTER_NODES');
  return teachOpenPipelines(new Redis(options.url, { ...SHARED, maxRetriesPerRequest: 3, connectionName: options.connectionName }));
}

/** What ioredis keeps of its open auto pipelines and defined scripts (not in its typings). */
interface AutoPipelined {
  _autoPipelines: Map<string, Record<string, unknown> & { _shaToScript: Record<string, unknown> }>;
  scriptsSet: Record<string, { sha: string }>;
}

/**
 * Our Lua scripts are defined on a connection at first use. ioredis copies the defined scripts into an
 * auto pipeline when it opens one, so a script defined while a pipeline was still gathering commands
 * was missing from it: the call failed, left a reply slot empty, and every other command of that
 * pipeline died with "results[i] is not iterable". A newly defined script is added to the open ones too.
 *
 * @example
 * const redis = teachOpenPipelines(new Redis(url, { enableAutoPipelining: true }));
 */
export function teachOpenPipelines<R extends Redis | Cluster>(redis: R): R {
  const define = redis.defineCommand.bind(redis);
  redis.defineCommand = (name, definition) => {
    define(name, definition);
    const own = redis as unknown as AutoPipelined & Record<string, unknown>;
    const script = own.scriptsSet[name];
    for (const pipeline of own._autoPipelines.values()) {
      if (script) pipeline._shaToScript[script.sha] = script;
      pipeline[name] = own[name];
      pipeline[`${name}Buffer`] = own[`${name}Buffer`];
    }
  };
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
