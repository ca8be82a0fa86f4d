-- GET /<prefix>/key/<ref> for each key_ref of the file given as first argument, once each, in
-- order (wrk runs one thread here). The prefix ("lightvibes" or "bench") is the second argument.
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "report.lua")

local refs = {}
local next_ref = 0
local prefix = "lightvibes"

function init(args)
  prefix = args[2] or "lightvibes"
  for line in io.lines(args[1]) do refs[#refs + 1] = line end
end

function request()
  next_ref = next_ref + 1
  local ref = refs[((next_ref - 1) % #refs) + 1]
  return wrk.format("GET", "/" .. prefix .. "/key/" .. ref)
end

if count_modes then
  function response(status, headers, body)
    count_mode(body)
  end
end
