// The test kit every workspace's tests use. No runtime import of vitest here: only types, so that
// production code importing @borderflow/testkit (the start script) does not load vite.
export { freePort } from './free-port.ts';
export { uniqueId } from './unique-id.ts';
export { testRedis, testRedisUrl, deleteKeysWithPrefix, type TestRedis } from './test-redis.ts';
export { redisMonitor, parseMonitorLine, type RedisMonitor } from './redis-monitor.ts';
export { borderflowVitestConfig, serverPhaseExclude, REDIS_GLOBAL_SETUP } from './vitest-config.ts';
export { current } from './current.ts';
