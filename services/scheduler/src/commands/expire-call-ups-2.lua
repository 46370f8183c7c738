--[[
  Timer tick: every call-up whose deadline has passed becomes a no-show.
  Deadlines live in a Redis sorted set, so none is lost across a restart of
  the process that ticks; several tickers may run, each due entry is taken once.
    ARGV[6]  at most this many per call
]]
--- @include "gate-context"
--- @include "placement-json"
--- @include "emit-event"
--- @include "policy"
--- @include "assignment"
--- @include "no-show"

local due = redis.call('ZRANGEBYSCORE', DEADLINES, '-inf', NOW, 'LIMIT', 0, tonumber(ARGV[6]) or 100)
for _, tripId in ipairs(due) do
  if redis.call('HGET', tripKey(tripId), 'state') == 'called' then
    noShow(tripId, 'deadline')
  else
    redis.call('ZREM', DEADLINES, tripId)
  end
end
return finish('{"ok":true,"events":' .. EVENT_COUNT .. ',"trip":null,"expired":' .. #due .. '}')
