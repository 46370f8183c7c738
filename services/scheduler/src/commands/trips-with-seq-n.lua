--[[
  Read only: trips' hashes and the gate's seq in one atomic step (a script runs alone, like a
  MULTI, but costs one command where MULTI cost four; gate-reader.ts tripsWithSeq).
  Unlike the gate commands it has no gate-context prologue (it changes nothing, so neither the
  fence nor a command id concerns it) and a variable number of keys ("-n": the caller passes it).
    KEYS[1]     the gate's meta hash
    KEYS[2..n]  trip hashes
  Returns { seq or false, HGETALL of each trip in turn }.
]]
local out = { redis.call('HGET', KEYS[1], 'seq') }
for i = 2, #KEYS do out[i] = redis.call('HGETALL', KEYS[i]) end
return out
