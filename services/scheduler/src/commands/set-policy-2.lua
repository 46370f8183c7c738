--[[
  Publishes a new version of the gate's priority policy.
    ARGV[6]  interleave pattern, comma separated classes
    ARGV[7]  agingMs      ARGV[8]  callUpTimeoutMs   ARGV[9] noShowPenaltyMs
    ARGV[10] appointmentGraceMs
    ARGV[11] crossing cap exit (trucks/hour, 0 = none)   ARGV[12] crossing cap entry
    ARGV[13] version to record ('' = previous + 1); a rebuild passes the stored one
]]
--- @include "gate-context"
--- @include "placement-json"
--- @include "emit-event"

local bad = badNumberArgument(7, 12) or badNumberArgument(13, 13, true)
if bad then return bad end
local version = tonumber(ARGV[13])
if version == nil then
  version = (tonumber(redis.call('HGET', META, 'policyVersion')) or 0) + 1
end
redis.call('HSET', META, 'gate', GATE, 'policyVersion', version, 'interleave', ARGV[6], 'agingMs', ARGV[7],
  'callUpTimeoutMs', ARGV[8], 'noShowPenaltyMs', ARGV[9], 'appointmentGraceMs', ARGV[10],
  'capExit', ARGV[11], 'capEntry', ARGV[12])
emit('policy_set', nil, nil, nil, cjson.encode({
  version = version, interleave = ARGV[6], agingMs = tonumber(ARGV[7]), callUpTimeoutMs = tonumber(ARGV[8]),
  noShowPenaltyMs = tonumber(ARGV[9]), appointmentGraceMs = tonumber(ARGV[10]),
  capExit = tonumber(ARGV[11]), capEntry = tonumber(ARGV[12]) }))
return succeed(nil)
