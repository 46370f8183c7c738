/** @borderflow/api — the HTTP API (Express 5), the Socket.IO gateway and the whole-platform starter. */
export { startPlatform, type Platform, type PlatformOptions } from './platform.ts';
export { createApp, createApiContext, API_VERSION, JSON_BODY_LIMIT, type AppOptions, type ApiContextInput } from './create-app.ts';
export type { ApiContext } from './context.ts';
export { AppError, ERROR_STATUS, schedulerError, type AppErrorCode } from './app-error.ts';
export { loadAuthConfig, DEV_JWT_SECRET, MIN_SECRET_LENGTH, type AuthConfig } from './auth/auth-config.ts';
export { signAccessToken, verifyAccessToken, type Principal } from './auth/jwt.ts';
export { DEFAULT_LOGIN_RATE_LIMIT, type LoginRateLimit } from './auth/login-route.ts';
export { attachLiveGateway, emitDelta, gateRoom, tripRoom } from './live/live-gateway.ts';
export { startFanout, FANOUT_GROUP, type Fanout, type FanoutOptions } from './live/fanout.ts';
export { buildOpenApi } from './http/openapi.ts';
export { computeGateStats, percentile } from './stats/gate-stats.ts';
export { priorityClassFor } from './trips/priority-class.ts';
export { createLogger } from './logger.ts';
