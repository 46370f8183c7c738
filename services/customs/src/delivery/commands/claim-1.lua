--[[
  A delivery job starts: is its message still to be sent now?
    ARGV[3]  message id
  Returns { 1, order, kind, body, acceptedAt, attempts } when the message is pending, first
  of its trip and the trip is not parked; { 0, reason } otherwise (a job left over from
  before a delivery, a dead-lettering or a re-drive has nothing to do). One round trip
  instead of reading the message, the trip's head and the parked set apart.
]]
--- @include "outbox-context"

local id = ARGV[3]
local m = redis.call('HMGET', msgKey(id), 'state', 'order', 'kind', 'body', 'acceptedAt', 'attempts')
if not m[1] then return { 0, 'unknown' } end
if m[1] ~= 'pending' then return { 0, m[1] } end
if redis.call('LINDEX', tripKey(m[2]), 0) ~= id then return { 0, 'not_head' } end
if redis.call('SISMEMBER', PARKED, m[2]) == 1 then return { 0, 'parked' } end
return { 1, m[2], m[3], m[4], m[5], m[6] }
