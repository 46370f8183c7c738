// Public entry of @borderflow/testkit: a redis-server launcher (used by `npm start` and by the test
// kit) and the test kit. This package depends on nothing of ours, so every workspace can use it
// in its tests without a dependency cycle.
export { startRedisServer, type StartRedisServerOptions, type RedisServerHandle } from './redis-server.ts';
export { ensureAptExecutable, ensureRedisBinary, findExecutable, REDIS_INSTALL_HELP, type AptExecutable } from './redis-binary.ts';
export * from './testing/index.ts';
export { startRedisCluster, parseNode, type RedisClusterHandle, type RedisClusterOptions } from './redis-cluster.ts';
