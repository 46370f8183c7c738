--[[
  The slot ledger of one gate: books, moves or releases one booking's slot, and keeps the waiting
  lists of full slots, atomically, so capacity is never oversold, a freed slot is offered to one
  waiting driver at a time, and no vehicle, driver, account or company holds more than the rules
  allow, however many API processes ask at once (booking/slot-ledger.ts). The database is the
  record of bookings; this ledger is rebuilt from its active bookings (rebuildLedger). A new
  booking's early, read-only check is slot-ledger-check.lua.
    KEYS[1]  HASH used slots: field "<slotStartMs>:<direction>:<class>" -> bookings holding it
             (an open offer to a waiting driver counts as used: nobody else can take that slot);
             "walk-in:<hourStartMs>:<direction>" -> walk-ins admitted in that hour
    KEYS[2]  HASH holders: "v:<vehicleId>" and "d:<driverId>" -> the booking id holding them;
             "w:<tripId>" -> the walk-in field of a trip admitted as a walk-in;
             "p:<bookingId>" -> the slot field of a booking the rebuild found still 'pending'
             (in flight between its database row and its ledger step: see unreserve)
    KEYS[3]  HASH quotas: "a:<accountId>" and "c:<companyId>" -> active bookings
    KEYS[4]  ZSET the waiting list of the slot concerned (release: the slot freed; move: the slot
             left; join, leave, accept, expire: the entry's slot): entry id -> joined at (ms)
    KEYS[5]  HASH waiting-list entries: entry id -> JSON {id, field, tripId, vehicleId, driverId,
             accountId, companyId, state, joinedAt, offerExpiresAt, bookingId};
             "t:<tripId>" -> entries of that trip still waiting or offered
    KEYS[6]  ZSET open offers: entry id -> offer expiry (ms)
    KEYS[7]  STRING the built marker, set by the rebuild from the database. Absent = Redis lost the
             ledger (a flush, a restart without its data, a failover to an empty replica): every
             step answers 'unbuilt' and changes nothing, because an empty ledger would let an hour
             be booked again in full; the caller rebuilds and asks again (SlotLedger.run).
    ARGV[1]  op: 'book' | 'move' | 'release'
             | 'arrive' (release the holds and quota, keep the slot used)
             | 'join' | 'leave' | 'accept' | 'expire' | 'walk_in' (admit a truck without a slot)
    ARGV[2]  booking id (book, move, release, arrive, accept: the new booking's id; walk_in: the trip id)
    ARGV[3]  slot field (book, move: the new slot; release: the slot held; join: the slot waited for;
             walk_in: the hour's walk-in field)
    ARGV[4]  capacity of that slot (book, move, join); walk_in: walk-ins the hour admits
    ARGV[5]  vehicle id
    ARGV[6]  driver id
    ARGV[7]  account id
    ARGV[8]  company id ('' = none)
    ARGV[9]  account quota
    ARGV[10] company quota
    ARGV[11] the slot field held now (move)
    ARGV[12] now (ms)
    ARGV[13] how long an offer stays open (ms)
    ARGV[14] capacity of the slot freed (release, move: the slot left; leave, expire: the entry's slot);
             walk_in: trucks the hour holds, booked and walk-in together
    ARGV[15] waiting-list entry id (join, leave, accept, expire)
    ARGV[16] waiting lists one trip may be on at once (join)
    ARGV[17] the entry as JSON {tripId, vehicleId, driverId, accountId, companyId} (join);
             walk_in: JSON array of the hour's slot fields (its bookings, every class)
    ARGV[18] '1': answer {answer, head} with the head of KEYS[4]'s list as it was before this step
             ('' if empty), for the caller to record the entry the step may have offered the slot
             to; read here, not by a ZRANGE of its own before the script: one round trip a step
             fewer, and the head the step itself saw (issue 12). Absent or '': the answer alone.
  Returns 'unbuilt' (any op: see KEYS[7]), 'ok', or why not: 'vehicle' | 'driver' | 'full' | 'quota' | 'company_quota' (book, accept),
  'full' | 'missing' (move), 'missing' (release: already released; releasing twice is harmless),
  'not_full' | 'waiting' | 'too_many' (join), 'missing' (leave), 'expired' | 'missing' (accept),
  'not_due' (expire), 'full' (walk_in: the hour's walk-in share, or the hour, is used up; a trip
  admitted before is 'ok' again without counting twice).
  With ARGV[18] = '1', each answer comes as {answer, head} (see ARGV[18]); an error stays an error.
]]
local function step()
  if redis.call('EXISTS', KEYS[7]) == 0 then return 'unbuilt' end

  -- Every number checked before the first write: Redis keeps what a script wrote before an error (a
  -- move whose freed capacity was missing failed in `free`, after it had taken its new slot), and a
  -- capacity that is NaN compares false with every count (a slot booked past it).
  for _, i in ipairs({ 4, 9, 10, 12, 13, 14, 16 }) do
    local n = tonumber(ARGV[i])
    if not n or n ~= n or n == math.huge or n == -math.huge then
      return redis.error_reply('ERR ARGV[' .. i .. "] must be a finite number, got '" .. tostring(ARGV[i]) .. "'")
    end
  end

  local op, id, slot = ARGV[1], ARGV[2], ARGV[3]
  local vKey, dKey, aKey = 'v:' .. ARGV[5], 'd:' .. ARGV[6], 'a:' .. ARGV[7]
  local cKey = ARGV[8] ~= '' and ('c:' .. ARGV[8]) or nil
  local now, offerMs = tonumber(ARGV[12] or '0'), tonumber(ARGV[13] or '0')

  local function used(field) return tonumber(redis.call('HGET', KEYS[1], field) or '0') end

  local function entryOf(entryId)
    local raw = redis.call('HGET', KEYS[5], entryId)
    return raw and cjson.decode(raw) or nil
  end

  local function saveEntry(e)
    redis.call('HSET', KEYS[5], e.id, cjson.encode(e))
    -- The trip's open entries: what 'join' counts and 'leave'/'accept' clear.
    if e.state ~= 'waiting' and e.state ~= 'offered' then
      local tKey = 't:' .. e.tripId
      local n = tonumber(redis.call('HINCRBY', KEYS[5], tKey, -1))
      if n <= 0 then redis.call('HDEL', KEYS[5], tKey) end
    end
  end

  -- One slot of `field` is free again: the head of its waiting list gets it as an offer (the slot
  -- stays used, so nobody else can take it meanwhile), or the slot goes back to the free pool.
  -- An hour already started, or a slot still over a lowered capacity, is not offered.
  local function free(field, capacity)
    local start = tonumber(string.match(field, '^(%d+)'))
    if used(field) <= capacity and start and start > now then
      local head = redis.call('ZRANGE', KEYS[4], 0, 0)[1]
      if head then
        redis.call('ZREM', KEYS[4], head)
        local e = entryOf(head)
        e.state = 'offered'
        e.offerExpiresAt = now + offerMs
        redis.call('HSET', KEYS[5], head, cjson.encode(e))
        redis.call('ZADD', KEYS[6], now + offerMs, head)
        return
      end
    end
    if used(field) > 0 then redis.call('HINCRBY', KEYS[1], field, -1) end
  end

  local function takeHolds()
    redis.call('HSET', KEYS[2], vKey, id, dKey, id)
    redis.call('HINCRBY', KEYS[3], aKey, 1)
    if cKey then redis.call('HINCRBY', KEYS[3], cKey, 1) end
  end

  -- Why this vehicle, driver, account or company may not take a booking now (nil = it may).
  local function holdsRefusal()
    local heldV = redis.call('HGET', KEYS[2], vKey)
    if heldV and heldV ~= id then return 'vehicle' end
    local heldD = redis.call('HGET', KEYS[2], dKey)
    if heldD and heldD ~= id then return 'driver' end
    if tonumber(redis.call('HGET', KEYS[3], aKey) or '0') >= tonumber(ARGV[9]) then return 'quota' end
    if cKey and tonumber(redis.call('HGET', KEYS[3], cKey) or '0') >= tonumber(ARGV[10]) then return 'company_quota' end
    return nil
  end

  -- A booking a rebuild found in flight (its database row still 'pending'): the rebuild counted it in
  -- full (slot, holds, quota) so that nobody could take its place while it was undecided, and marked
  -- it "p:<id>" -> its slot field. Its own step decides it afresh: the count is taken back first.
  local function unreserve()
    local field = redis.call('HGET', KEYS[2], 'p:' .. id)
    if not field then return end
    redis.call('HDEL', KEYS[2], 'p:' .. id)
    if redis.call('HGET', KEYS[2], vKey) == id then redis.call('HDEL', KEYS[2], vKey) end
    if redis.call('HGET', KEYS[2], dKey) == id then redis.call('HDEL', KEYS[2], dKey) end
    if used(field) > 0 then redis.call('HINCRBY', KEYS[1], field, -1) end
    if tonumber(redis.call('HGET', KEYS[3], aKey) or '0') > 0 then redis.call('HINCRBY', KEYS[3], aKey, -1) end
    if cKey and tonumber(redis.call('HGET', KEYS[3], cKey) or '0') > 0 then redis.call('HINCRBY', KEYS[3], cKey, -1) end
  end

  if op == 'book' then
    unreserve()
    local heldV = redis.call('HGET', KEYS[2], vKey)
    if heldV and heldV ~= id then return 'vehicle' end
    local heldD = redis.call('HGET', KEYS[2], dKey)
    if heldD and heldD ~= id then return 'driver' end
    if heldV == id then return 'ok' end
    if used(slot) >= tonumber(ARGV[4]) then return 'full' end
    if tonumber(redis.call('HGET', KEYS[3], aKey) or '0') >= tonumber(ARGV[9]) then return 'quota' end
    if cKey and tonumber(redis.call('HGET', KEYS[3], cKey) or '0') >= tonumber(ARGV[10]) then return 'company_quota' end
    redis.call('HINCRBY', KEYS[1], slot, 1)
    takeHolds()
    return 'ok'
  end

  if op == 'move' then
    if redis.call('HGET', KEYS[2], vKey) ~= id then return 'missing' end
    if used(slot) >= tonumber(ARGV[4]) then return 'full' end
    redis.call('HINCRBY', KEYS[1], slot, 1)
    free(ARGV[11], tonumber(ARGV[14]))
    return 'ok'
  end

  if op == 'release' or op == 'arrive' then
    if redis.call('HGET', KEYS[2], vKey) ~= id then return 'missing' end
    redis.call('HDEL', KEYS[2], 'p:' .. id)
    redis.call('HDEL', KEYS[2], vKey)
    if redis.call('HGET', KEYS[2], dKey) == id then redis.call('HDEL', KEYS[2], dKey) end
    if op == 'release' then free(slot, tonumber(ARGV[14])) end
    if tonumber(redis.call('HGET', KEYS[3], aKey) or '0') > 0 then redis.call('HINCRBY', KEYS[3], aKey, -1) end
    if cKey and tonumber(redis.call('HGET', KEYS[3], cKey) or '0') > 0 then redis.call('HINCRBY', KEYS[3], cKey, -1) end
    return 'ok'
  end

  if op == 'walk_in' then
    local tripKey = 'w:' .. id
    if redis.call('HEXISTS', KEYS[2], tripKey) == 1 then return 'ok' end
    local walkIns = used(slot)
    local booked = 0
    for _, field in ipairs(cjson.decode(ARGV[17])) do booked = booked + used(field) end
    if walkIns >= tonumber(ARGV[4]) or booked + walkIns >= tonumber(ARGV[14]) then return 'full' end
    redis.call('HINCRBY', KEYS[1], slot, 1)
    redis.call('HSET', KEYS[2], tripKey, slot)
    return 'ok'
  end

  local entryId = ARGV[15]

  if op == 'join' then
    if used(slot) < tonumber(ARGV[4]) then return 'not_full' end
    local e = cjson.decode(ARGV[17])
    local tKey = 't:' .. e.tripId
    if redis.call('HGET', KEYS[5], 'w:' .. e.tripId .. ':' .. slot) then return 'waiting' end
    if tonumber(redis.call('HGET', KEYS[5], tKey) or '0') >= tonumber(ARGV[16]) then return 'too_many' end
    e.id, e.field, e.state, e.joinedAt = entryId, slot, 'waiting', now
    redis.call('HSET', KEYS[5], entryId, cjson.encode(e), 'w:' .. e.tripId .. ':' .. slot, entryId)
    redis.call('HINCRBY', KEYS[5], tKey, 1)
    redis.call('ZADD', KEYS[4], now, entryId)
    return 'ok'
  end

  local e = entryOf(entryId)
  if not e or (e.state ~= 'waiting' and e.state ~= 'offered') then return 'missing' end

  -- The entry's offer lapsed (or was declined): the slot goes to the next in line.
  local function lapse(state)
    redis.call('ZREM', KEYS[6], entryId)
    redis.call('HDEL', KEYS[5], 'w:' .. e.tripId .. ':' .. e.field)
    e.state = state
    saveEntry(e)
    free(e.field, tonumber(ARGV[14]))
  end

  if op == 'leave' then
    if e.state == 'offered' then
      lapse('left')
    else
      redis.call('ZREM', KEYS[4], entryId)
      redis.call('HDEL', KEYS[5], 'w:' .. e.tripId .. ':' .. e.field)
      e.state = 'left'
      saveEntry(e)
    end
    return 'ok'
  end

  if e.state ~= 'offered' then return op == 'accept' and 'missing' or 'not_due' end
  local expiresAt = tonumber(redis.call('ZSCORE', KEYS[6], entryId) or '0')

  if op == 'expire' then
    if expiresAt > now then return 'not_due' end
    lapse('expired')
    return 'ok'
  end

  -- accept: the offered slot (already counted as used) becomes a booking of the entry's trip.
  vKey, dKey, aKey = 'v:' .. e.vehicleId, 'd:' .. e.driverId, 'a:' .. e.accountId
  cKey = (e.companyId and e.companyId ~= '' and e.companyId ~= cjson.null) and ('c:' .. e.companyId) or nil
  -- The booking's 'pending' row is written before this step (waitlist-service.ts): a rebuild in
  -- between counted it besides the offer; that count is taken back, the offer's stands.
  unreserve()
  if expiresAt <= now then
    lapse('expired')
    return 'expired'
  end
  local refusal = holdsRefusal()
  if refusal then return refusal end
  takeHolds()
  redis.call('ZREM', KEYS[6], entryId)
  redis.call('HDEL', KEYS[5], 'w:' .. e.tripId .. ':' .. e.field)
  e.state, e.bookingId = 'booked', id
  saveEntry(e)
  return 'ok'
end

if ARGV[18] ~= '1' then return step() end
local head = redis.call('ZRANGE', KEYS[4], 0, 0)[1] or ''
local answer = step()
-- An error reply (a number not finite) stays an error, not an element of the answer.
if type(answer) == 'table' then return answer end
return { answer, head }
