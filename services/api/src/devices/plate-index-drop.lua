--[[
  Takes one trip out of a gate's plate index (devices/plate-index.ts); when it was the plate's last
  trip, the plate leaves its neighbourhood keys too. Atomic with plate-index-add.lua.
    KEYS[1]      SET of the trip ids registered under this plate
    KEYS[2..n]   SET per neighbourhood key of the plate: plates
    ARGV[1]      the trip id
    ARGV[2]      the plate (normalised)
  Returns the trips left under the plate.
]]
redis.call('SREM', KEYS[1], ARGV[1])
local left = redis.call('SCARD', KEYS[1])
if left == 0 then
  for i = 2, #KEYS do redis.call('SREM', KEYS[i], ARGV[2]) end
end
return left
