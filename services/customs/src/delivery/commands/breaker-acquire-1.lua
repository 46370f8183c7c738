--[[
  May a delivery go to the far end now? (circuit breaker of one adapter)
    KEYS[1]  <prefix>{cx:<adapter>}:breaker  hash: state, since, failures, opened, openUntil, probeUntil
    ARGV[1]  now (ms)
    ARGV[2]  probe timeout (ms): a probe that has not reported by then lets another one go
  Returns { 1, 'closed', failures } (go), { 1, 'probe' } (go, as the single half-open probe),
  or { 0, state, waitMs } (do not send; try again in waitMs).
]]
local B, now, probeTimeout = KEYS[1], tonumber(ARGV[1]), tonumber(ARGV[2])
local b = redis.call('HMGET', B, 'state', 'openUntil', 'probeUntil', 'failures')
local state = b[1] or 'closed'
if state == 'closed' then return { 1, 'closed', tonumber(b[4]) or 0 } end
if state == 'open' then
  local openUntil = tonumber(b[2]) or 0
  if now < openUntil then return { 0, 'open', openUntil - now } end
  redis.call('HSET', B, 'state', 'half_open', 'since', now, 'probeUntil', now + probeTimeout)
  return { 1, 'probe' }
end
local probeUntil = tonumber(b[3]) or 0
if now < probeUntil then return { 0, 'half_open', probeUntil - now } end
redis.call('HSET', B, 'probeUntil', now + probeTimeout)
return { 1, 'probe' }
