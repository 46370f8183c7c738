--[[
  The gate's published priority policy, read once per command from the meta
  hash (set by set-policy); ${DEFAULT_...} are filled in by script-loader.ts from
  the contracts' DEFAULT_POLICY_DOCUMENT. The same rule is pick-next.ts `pickNext`,
  which the projections replay; pick-next.property.test.ts proves the two agree.
]]
-- Loaded on first use: commands that never consult the policy skip the read.
-- (POLICY_CACHE is declared in gate-context and reset by begin.)
-- The stored fields last parsed and their policy: as a Redis Function library the helpers outlive
-- a command, and a gate's policy seldom changes, so a command that reads the same six values
-- takes the policy parsed before (read-only everywhere) instead of splitting and parsing again.
local POLICY_READ, POLICY_PARSED
local function policy()
  if POLICY_CACHE then return POLICY_CACHE end
  local m = redis.call('HMGET', META, 'policyVersion', 'interleave', 'agingMs', 'callUpTimeoutMs',
    'noShowPenaltyMs', 'appointmentGraceMs')
  local r = POLICY_READ
  if r and r[1] == m[1] and r[2] == m[2] and r[3] == m[3] and r[4] == m[4] and r[5] == m[5] and r[6] == m[6] then
    POLICY_CACHE = POLICY_PARSED
    return POLICY_CACHE
  end
  local pattern = split(m[2] or '${DEFAULT_INTERLEAVE}')
  if #pattern == 0 then pattern = split('${DEFAULT_INTERLEAVE}') end
  POLICY_CACHE = {
    version = tonumber(m[1]) or 0,
    pattern = pattern,
    agingMs = tonumber(m[3]) or ${DEFAULT_AGING_MS},
    callUpTimeoutMs = tonumber(m[4]) or ${DEFAULT_CALL_UP_TIMEOUT_MS},
    noShowPenaltyMs = tonumber(m[5]) or ${DEFAULT_NO_SHOW_PENALTY_MS},
    graceMs = tonumber(m[6]) or ${DEFAULT_APPOINTMENT_GRACE_MS},
  }
  POLICY_READ, POLICY_PARSED = m, POLICY_CACHE
  return POLICY_CACHE
end

local ALL_CLASSES = ${PRIORITY_CLASSES}

-- Classes a lane accepts ("" = every class), in a fixed order so the choice is deterministic.
local function classesOf(csv)
  if csv == nil or csv == false or csv == '' then return ALL_CLASSES end
  return split(csv)
end

--[[
  The best waiting trip for one (direction, stage) among the allowed classes (pick-next.ts `pickInStage`):
    1. aging: any class head that has waited past agingMs, oldest first (nobody starves);
    2. interleave: walk the pattern from this stage's pointer, first class with a truck;
    3. fallback: the oldest head of a class the pattern does not name (work-conserving).
  Returns nil or { tripId, score, class, stage, rule, slot }.
]]
local function policyPick(direction, stage, classes)
  local heads = {}
  local any = false
  for _, class in ipairs(classes) do
    local head = redis.call('ZRANGE', queueKey(direction, stage, class), '0', '0', 'WITHSCORES')
    if head[1] then
      heads[class] = { tripId = head[1], score = tonumber(head[2]), class = class, stage = stage }
      any = true
    end
  end
  if not any then return nil end

  local POLICY = policy()
  local oldest = nil
  for _, class in ipairs(classes) do
    local h = heads[class]
    if h and NOW - h.score >= POLICY.agingMs and (oldest == nil or h.score < oldest.score) then
      oldest = h
    end
  end
  if oldest then
    oldest.rule = 'aging'
    return oldest
  end

  local length = #POLICY.pattern
  local pointer = tonumber(redis.call('GET', pointerKey(direction, stage)) or '0') % length
  for i = 0, length - 1 do
    local slot = (pointer + i) % length
    local h = heads[POLICY.pattern[slot + 1]]
    if h then
      h.rule = 'interleave'
      h.slot = slot
      return h
    end
  end

  for _, class in ipairs(classes) do
    local h = heads[class]
    if h and (oldest == nil or h.score < oldest.score) then oldest = h end
  end
  oldest.rule = 'interleave'
  return oldest
end
