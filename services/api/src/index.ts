/** @borderflow/api — the HTTP API (Express 5), the Socket.IO gateway and the whole-platform starter. */
export { startPlatform, PLATFORM_ROLES, type Platform, type PlatformOptions, type PlatformRole, type StartFeeder, type WorkerJob } from './platform.ts';
export { createApp, createApiContext, API_VERSION, JSON_BODY_LIMIT, type AppOptions, type ApiContextInput } from './create-app.ts';
export type { ApiContext } from './context.ts';
export { AppError, ERROR_STATUS, schedulerError, type AppErrorCode } from './app-error.ts';
export { loadAuthConfig, MIN_SECRET_LENGTH, DEFAULT_ACCESS_TTL_SECONDS, type AuthConfig } from './auth/auth-config.ts';
export { signAccessToken, verifyAccessToken, type Principal, type AccessClaims } from './auth/jwt.ts';
export { DEFAULT_LOGIN_BACKOFF, type LoginBackoff } from './auth/login-limiter.ts';
export { attachLiveGateway, emitDelta, gateRoom, tripRoom } from './live/live-gateway.ts';
export { startFanout, FANOUT_GROUP, type Fanout, type FanoutOptions } from './live/fanout.ts';
export { buildOpenApi } from './http/openapi.ts';
export { computeGateStats, percentile } from './stats/gate-stats.ts';
export { priorityFor, tripPriorityView } from './trips/priority-class.ts';
export { createLogger } from './logger.ts';
export { newDeviceKey } from './auth/device-keys.ts';
export { writeOpenDataDump, dataDictionary, gateDay } from './province/open-data.ts';
export { loadPseudonymSecret } from './province/pseudonym.ts';
