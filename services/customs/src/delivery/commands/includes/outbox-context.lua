--[[
  Shared prologue of every outbox command (one adapter's outbound messages).
    KEYS[1]  <prefix>{cx:<adapter>}:pending  zset messageId -> accepted at (ms): the backlog
    ARGV[1]  key base "<prefix>{cx:<adapter>}:" — every other key is derived from it and
             shares the hash tag, so each script stays in one Redis Cluster slot.
    ARGV[2]  now (ms epoch)
  Keys derived from the base:
    msg:<id>     hash: order, kind, body, acceptedAt, state (pending|delivered|dead), gen,
                 attempts, error, failedAt, redriven
    trip:<key>   list of message ids of one trip, oldest first; the head is the one in flight
    trips        set of trip keys whose list is not empty
    parked       set of trip keys stopped behind a dead letter (order is kept: nothing overtakes it)
    dlq          zset messageId -> failed at
    stats        hash of counters shown by the health endpoint
]]
local K = ARGV[1]
local NOW = tonumber(ARGV[2])
local PENDING = KEYS[1]
local TRIPS = K .. 'trips'
local PARKED = K .. 'parked'
local DLQ = K .. 'dlq'
local STATS = K .. 'stats'
local function msgKey(id) return K .. 'msg:' .. id end
local function tripKey(order) return K .. 'trip:' .. order end
