--[[
  Timer tick: lets trucks in the exit queues cross, paced to what the far side
  accepts. With a cap of N trucks/hour one truck crosses per 3600/N seconds
  (no bursts after a quiet spell); a cap of 0 means no limit.
    ARGV[6]  at most this many crossings per direction per call
]]
--- @include "gate-context"
--- @include "placement-json"
--- @include "emit-event"

local limit = tonumber(ARGV[6]) or 50
local caps = redis.call('HMGET', META, 'capExit', 'capEntry')
local crossed = 0
for i, direction in ipairs({ 'exit', 'entry' }) do
  local cap = tonumber(caps[i]) or 0
  local lastField = 'lastCross:' .. direction
  for _ = 1, limit do
    local head = redis.call('ZRANGE', exitKey(direction), 0, 0)[1]
    if not head then break end
    if cap > 0 then
      local last = tonumber(redis.call('HGET', META, lastField) or '0') or 0
      if NOW - last < 3600000 / cap then break end
    end
    redis.call('ZREM', exitKey(direction), head)
    redis.call('HSET', META, lastField, NOW_S)
    tripSet(head, 'state', 'crossed', 'lane', '', 'deadline', '')
    redis.call('SREM', LIVE, head)
    redis.call('EXPIRE', tripKey(head), 604800)
    emit('trip_crossed', head, nil, nil, cjson.encode({ direction = direction, capPerHour = cap }))
    crossed = crossed + 1
    if cap > 0 then break end
  end
end
return finish('{"ok":true,"events":' .. EVENT_COUNT .. ',"trip":null,"crossed":' .. crossed .. '}')
