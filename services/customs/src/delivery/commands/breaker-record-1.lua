--[[
  Records the outcome of a delivery for the breaker.
    KEYS[1]  <prefix>{cx:<adapter>}:breaker
    ARGV[1]  now (ms)
    ARGV[2]  'success' | 'failure'
    ARGV[3]  failures in a row that open the breaker
    ARGV[4]  cooldown (ms) an open breaker waits before a probe
    ARGV[5]  error text (failure)
  A success closes it; a failure while half-open (the probe failed) re-opens
  it at once; while closed, the threshold-th failure in a row opens it.
  Returns the state after.
]]
local B, now, outcome = KEYS[1], tonumber(ARGV[1]), ARGV[2]
local threshold, cooldown = tonumber(ARGV[3]), tonumber(ARGV[4])
local state = redis.call('HGET', B, 'state') or 'closed'
if outcome == 'success' then
  if state ~= 'closed' then redis.call('HSET', B, 'state', 'closed', 'since', now) end
  redis.call('HSET', B, 'failures', 0, 'lastSuccessAt', now)
  redis.call('HDEL', B, 'openUntil', 'probeUntil')
  return 'closed'
end
local failures = redis.call('HINCRBY', B, 'failures', 1)
redis.call('HSET', B, 'lastFailureAt', now, 'lastError', ARGV[5])
if state == 'half_open' or (state == 'closed' and failures >= threshold) then
  redis.call('HSET', B, 'state', 'open', 'since', now, 'openUntil', now + cooldown)
  redis.call('HDEL', B, 'probeUntil')
  redis.call('HINCRBY', B, 'opened', 1)
  return 'open'
end
return state
