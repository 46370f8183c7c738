--[[
  Shared prologue of every gate command.

  The includes only define: the state of one command lives in the locals below and is set by
  `begin(KEYS, ARGV)`, which the loader calls before each command's body. So the same code runs
  as an EVAL script and as a Redis Function library (script-loader.ts), whose helpers are built
  once at load instead of once per command (their closures were a tenth of a lane cycle).

  Every command script is called with the same two keys and five leading
  arguments, then its own arguments from ARGV[6] on:
    KEYS[1]  <prefix>{g:<gate>}:meta    gate hash: gate code, seq, policy fields
    KEYS[2]  <prefix>{g:<gate>}:events  the gate's event stream
    ARGV[1]  key base "<prefix>{g:<gate>}:" — every other key is derived from it.
             All derived keys share the hash tag, so they live in one Cluster slot.
    ARGV[2]  now (ms epoch) — the caller's clock, so a simulation can drive time
    ARGV[3]  actor ("user:<id>", "system:timer", ...)
    ARGV[4]  command ('' = none): "<scope>:<input hash>:<command id>" (command-scope.ts), the
             scope hashing actor, command and id; a repeat with the same input returns the
             first result, one with other input is refused (COMMAND_ID_REUSED)
    ARGV[5]  gate code
  Every command is refused with GATE_REBUILDING while the gate's fence key
  "<prefix>{g:<gate>}-fence" is set (same slot; outside the "…:" namespace a rebuild
  wipes), except the rebuild's own commands, whose actor equals the fence's value.
]]
-- One command's state (begin sets every one of them, those of the other includes too).
local ARGV, K, NOW, NOW_S, ACTOR, CMD_KEY, CMD_INPUT, CMD, GATE, META, EVENTS, EVENT_COUNT
local IDLE, LANES, LIVE, DEADLINES, HELD, SERVICE
-- placement-json's trip cache; emit-event's gathered events; policy's policy.
local TRIPS, EMITTED_TRIP, EVENT_WHO, EVENTS_AFTER_SEQ, POLICY_CACHE

local function laneKey(laneId) return K .. 'lane:' .. laneId end
local function tripKey(tripId) return K .. 'trip:' .. tripId end
local function queueKey(direction, stage, class) return K .. 'q:' .. direction .. ':' .. stage .. ':' .. class end
local function pointerKey(direction, stage) return K .. 'ptr:' .. direction .. ':' .. stage end
local function exitKey(direction) return K .. 'exitq:' .. direction end

--[[
  Lane time between a call-up and the truck reaching the lane, or the call lapsing (a no-show
  holds the lane until its deadline): moving average (alpha 0.05; plain mean for the first 20, as
  complete-stage's service times, count in "drive:n") in SERVICE "drive:mean".
  `arrivedAt` (optional, default NOW): when the truck reached the lane, if earlier than this command.
  The ETA counts it, since a lane is held from the call-up, not only while inspecting. Alpha 0.2
  let one late driver (5–20 min instead of 1) lift every ETA given in the next half hour by a
  fifth; 0.05 keeps late drivers' and no-shows' share of lane time without that swing. From the
  first drive on, though, alpha 0.05 kept that one drive at a third of the mean after twenty: a
  short first drive (30 s of 0.5–2 min) promised every truck checked in in the first hour after
  opening its call a fifth too early (issue 16, item 9).
]]
-- The new "drive:mean" and "drive:n" from the stored ones (strings, or nil/false when none yet).
local function driveMeanAfter(storedMean, storedN, calledAt, arrivedAt)
  local reached = arrivedAt or NOW
  local ms = reached - (tonumber(calledAt) or reached)
  local d = tonumber(storedMean)
  -- A gate measured before drive:n was kept: its mean already stands for many drives.
  local n = (tonumber(storedN) or (d and 20 or 0)) + 1
  return d and (d + math.max(0.05, 1 / n) * (ms - d)) or ms, string.format('%d', n)
end

local function recordDrive(calledAt, arrivedAt)
  local s = redis.call('HMGET', SERVICE, 'drive:mean', 'drive:n')
  local mean, n = driveMeanAfter(s[1], s[2], calledAt, arrivedAt)
  redis.call('HSET', SERVICE, 'drive:mean', mean, 'drive:n', n)
end

--[[
  The parts of a comma-separated list. The lists are few (routes, lane capabilities and classes, the
  interleave), so as a Redis Function library the parts of each are kept between commands: a lane
  cycle split the same 'documents' six times, a tenth of a trip event's cost under callgrind.
  Every caller only reads the table it gets (it is shared); the memo starts over past 256 lists, so
  odd input cannot grow it.
]]
local SPLIT_MEMO, SPLIT_MEMO_SIZE = {}, 0
local function split(csv)
  if csv == nil or csv == false or csv == '' then return {} end
  local out = SPLIT_MEMO[csv]
  if out then return out end
  -- One element (a one-stage route, a lane of one class) in a table sized for it.
  if not string.find(csv, ',', 1, true) then
    out = { csv }
  else
    out = {}
    for part in string.gmatch(csv, '[^,]+') do out[#out + 1] = part end
  end
  if SPLIT_MEMO_SIZE >= 256 then SPLIT_MEMO, SPLIT_MEMO_SIZE = {}, 0 end
  SPLIT_MEMO[csv], SPLIT_MEMO_SIZE = out, SPLIT_MEMO_SIZE + 1
  return out
end

local function fail(code, message)
  return cjson.encode({ ok = false, code = code, message = message })
end

--[[
  Redis keeps what a script wrote before an error, and a command's events are appended at its end
  (flushEvents): an argument found bad after the first write would leave state without its event.
  So every argument that is read as a number is checked here, before anything is written.
  Returns the refusal (an error reply, as for any caller's mistake) of the first of ARGV[from..to]
  that is not a finite number ('' is one only when `orEmpty`), or nil.
]]
local function badNumberArgument(from, to, orEmpty)
  for i = from, to do
    local v = ARGV[i]
    if not (orEmpty and v == '') then
      local n = tonumber(v)
      -- n - n is 0 for a finite number and NaN for NaN and ±Infinity (a check on every lane cycle).
      if not n or n - n ~= 0 then
        return redis.error_reply('ERR ARGV[' .. i .. '] must be a finite number' .. (orEmpty and " or ''" or '')
          .. ', got ' .. (v and ("'" .. v .. "'") or 'nothing'))
      end
    end
  end
  return nil
end

local function jsonNumberOrNull(value)
  if value == nil or value == false or value == '' then return 'null' end
  return string.format('%.0f', tonumber(value))
end

local function jsonStringOrNull(value)
  if value == nil or value == false or value == '' then return 'null' end
  return cjson.encode(value)
end

--[[
  The gate-wide key names of key base `k`, built once per gate and not once per command: as a
  Redis Function library the helpers outlive a command, and a library mostly serves one gate, so
  the same seven names were built (a string each to hash and intern) by every command.
    [1] idle       zset laneId -> flexibility: open lanes with nobody assigned
    [2] lanes      zset laneId -> flexibility: every lane
    [3] live       set of trip ids the scheduler owns
    [4] deadlines  zset tripId -> call-up deadline
    [5] held       zset tripId -> since
    [6] svc        hash "<stage>:mean|var|n" moving averages of service time
    [7] the fence key (see the header)
]]
local NAMES_K, NAMES
local function gateKeyNames(k)
  if k ~= NAMES_K then
    NAMES = { k .. 'idle', k .. 'lanes', k .. 'live', k .. 'deadlines', k .. 'held', k .. 'svc',
      string.sub(k, 1, -2) .. '-fence' }
    NAMES_K = k
  end
  return NAMES
end

--[[
  Sets one command's state from its keys and arguments (see the header). Returns the answer when
  the command stops here: a repeat of an earlier command, or a gate that is rebuilding.
]]
local function begin(keys, argv)
  ARGV = argv
  K = argv[1]
  NOW = tonumber(argv[2])
  -- NOW as written into hashes, scores and events: the caller's integer string as it is, formatted
  -- only otherwise (a float's formatting is one of the larger costs of a command).
  NOW_S = string.find(argv[2], '^%d+$') and argv[2] or string.format('%.0f', NOW)
  ACTOR = argv[3]
  -- CMD is the client's id (kept in the events); CMD_KEY the answer's key; CMD_INPUT the input hash.
  CMD_KEY, CMD_INPUT, CMD = string.match(argv[4], '^(%x+):(%x+):(.+)$')
  if not CMD then CMD_KEY, CMD_INPUT, CMD = argv[4], '', argv[4] end
  GATE = argv[5]
  META = keys[1]
  EVENTS = keys[2]
  EVENT_COUNT = 0
  local names = gateKeyNames(K)
  IDLE, LANES, LIVE, DEADLINES, HELD, SERVICE = names[1], names[2], names[3], names[4], names[5], names[6]
  -- tripId -> { field = value as stored (string, or false when absent) }, plus derived `_…` entries.
  TRIPS = {}
  -- tripId -> the JSON of its post-state in this command's last event about it.
  EMITTED_TRIP = {}
  EVENT_WHO = nil
  EVENTS_AFTER_SEQ = {}
  POLICY_CACHE = nil

  -- A repeated command answers with the first result and changes nothing. The stored value is
  -- "<input hash>|<result>"; a repeat with other input is the client's mistake, refused.
  -- The answer and the fence are read in one MGET (both keys carry the gate's hash tag): one
  -- redis.call fewer, each a conversion of arguments and reply on top of the command.
  local FENCE
  if CMD ~= '' then
    local got = redis.call('MGET', K .. 'cmd:' .. CMD_KEY, names[7])
    local previous
    previous, FENCE = got[1], got[2]
    if previous then
      local bar = string.find(previous, '|', 1, true)
      local storedInput = bar and string.sub(previous, 1, bar - 1) or ''
      if storedInput ~= CMD_INPUT then
        return cjson.encode({ ok = false, code = 'COMMAND_ID_REUSED',
          message = 'commandId ' .. CMD .. ' was already used for a different request; use a new commandId' })
      end
      return string.sub(previous, (bar or 0) + 1, -2) .. ',"replayed":true}'
    end
  end

  -- The gate's event seq went backwards (failover, lost AOF tail): no command may append
  -- an event until the rebuild from PostgreSQL has moved the seq past the stored high-water mark.
  if CMD == '' then FENCE = redis.call('GET', names[7]) end
  if FENCE and FENCE ~= ACTOR then
    return fail('GATE_REBUILDING', 'gate ' .. GATE .. ' is rebuilding its live state from the database; retry shortly')
  end
  return nil
end
