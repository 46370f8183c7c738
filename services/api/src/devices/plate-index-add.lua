--[[
  Files one trip under its plate in a gate's plate index (devices/plate-index.ts), atomically, so a
  concurrent drop of the plate's last trip cannot take the plate's neighbourhood keys away meanwhile.
    KEYS[1]      SET of the trip ids registered under this plate
    KEYS[2..n]   SET per neighbourhood key of the plate (contracts' plateNeighbourhood): plates
    ARGV[1]      the trip id
    ARGV[2]      the plate (normalised)
  Returns 1.
  Nothing here can fail after the first SADD (Redis would keep it): every key is a set, named only by
  plate-index.ts and written only by this script and plate-index-drop.lua, and the arguments are strings.
]]
redis.call('SADD', KEYS[1], ARGV[1])
for i = 2, #KEYS do redis.call('SADD', KEYS[i], ARGV[2]) end
return 1
