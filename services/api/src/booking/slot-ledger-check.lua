--[[
  The early answer to a new booking, read only (SlotLedger.check): booking-service.ts asks it before
  writing the booking's row, so a request that cannot win (the hour full, the vehicle, driver,
  account or company at its limit) writes nothing. Only an answer: slot-ledger.lua's 'book' decides
  again, atomically. A script of its own, with only what it reads: nearly every request of a release
  storm sends it, and each argument costs the API's Redis client ~130 B and its serialising (issue 12;
  slot-ledger.lua's step takes 7 keys and 18 arguments).
    KEYS[1]  HASH used slots, KEYS[2] HASH holders, KEYS[3] HASH quotas, KEYS[4] STRING the built
             marker: as slot-ledger.lua's KEYS[1], KEYS[2], KEYS[3] and KEYS[7]
    ARGV[1]  slot field "<slotStartMs>:<direction>:<class>"
    ARGV[2]  capacity of that slot
    ARGV[3]  vehicle id, ARGV[4] driver id, ARGV[5] account id, ARGV[6] company id ('' = none)
    ARGV[7]  account quota, ARGV[8] company quota
  Returns 'unbuilt' (the ledger was lost: slot-ledger.lua's KEYS[7]), 'ok', or why not: 'vehicle' |
  'driver' | 'full' | 'quota' | 'company_quota'. The id is new, so any holder of the vehicle or driver
  is another booking.
]]
if redis.call('EXISTS', KEYS[4]) == 0 then return 'unbuilt' end
-- A capacity or quota that is NaN compares false with every count (see slot-ledger.lua).
for _, i in ipairs({ 2, 7, 8 }) do
  local n = tonumber(ARGV[i])
  if not n or n ~= n or n == math.huge or n == -math.huge then
    return redis.error_reply('ERR ARGV[' .. i .. "] must be a finite number, got '" .. tostring(ARGV[i]) .. "'")
  end
end
if redis.call('HGET', KEYS[2], 'v:' .. ARGV[3]) then return 'vehicle' end
if redis.call('HGET', KEYS[2], 'd:' .. ARGV[4]) then return 'driver' end
if tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '0') >= tonumber(ARGV[2]) then return 'full' end
if tonumber(redis.call('HGET', KEYS[3], 'a:' .. ARGV[5]) or '0') >= tonumber(ARGV[7]) then return 'quota' end
if ARGV[6] ~= '' and tonumber(redis.call('HGET', KEYS[3], 'c:' .. ARGV[6]) or '0') >= tonumber(ARGV[8]) then return 'company_quota' end
return 'ok'
