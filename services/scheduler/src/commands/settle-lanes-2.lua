--[[
  Restores work conservation after a rebuild from the database: every open,
  idle lane takes the best eligible waiting truck.
]]
--- @include "gate-context"
--- @include "placement-json"
--- @include "emit-event"
--- @include "policy"
--- @include "assignment"

for _, laneId in ipairs(redis.call('ZRANGE', LANES, 0, -1)) do
  redis.call('ZREM', IDLE, laneId)
  laneBecameIdle(laneId)
end
return finish('{"ok":true,"events":' .. EVENT_COUNT .. ',"trip":null}')
