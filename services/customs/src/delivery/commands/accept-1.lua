--[[
  Accepts one outbound message durably (the caller answers only after this).
    ARGV[3]  message id (UUID; a repeat of an id still remembered is a duplicate)
    ARGV[4]  ordering key (the trip id)
    ARGV[5]  kind (movement_notice | gate_event)
    ARGV[6]  body: the signed envelope as JSON
  Returns { 1, 'head', gen } when the message is next for its trip (the caller
  adds its job), { 1, 'queued' } when it waits behind earlier messages of the
  trip, { 0, 'duplicate' } when the id is known.
]]
--- @include "outbox-context"

local id, order = ARGV[3], ARGV[4]
local mk = msgKey(id)
if redis.call('EXISTS', mk) == 1 then return { 0, 'duplicate' } end
redis.call('HSET', mk, 'order', order, 'kind', ARGV[5], 'body', ARGV[6], 'acceptedAt', NOW,
  'state', 'pending', 'gen', 0, 'attempts', 0, 'redriven', 0)
redis.call('ZADD', PENDING, NOW, id)
local length = redis.call('RPUSH', tripKey(order), id)
redis.call('SADD', TRIPS, order)
redis.call('HINCRBY', STATS, 'accepted', 1)
if length == 1 and redis.call('SISMEMBER', PARKED, order) == 0 then return { 1, 'head', 0 } end
return { 1, 'queued' }
