-- POST a session request to the path wrk was given. With WRK_RECORD=1 and a file as the first
-- argument, every key_ref answered is appended to it (one per line) for the retrieval runs.
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "report.lua")

wrk.method = "POST"
wrk.body = '{"peer_id": "bench-peer", "policy": {"min_keybits": 256, "ttl_s": 3600}}'
wrk.headers["Content-Type"] = "application/json"

local out = nil

function init(args)
  if args[1] and os.getenv("WRK_RECORD") == "1" then
    out = io.open(args[1], "a")
    out:setvbuf("line")
  end
end

-- Only defined when needed: wrk hands every answer to Lua once response() exists, which costs the
-- load generator time the bare twins would notice.
if count_modes or os.getenv("WRK_RECORD") == "1" then
  function response(status, headers, body)
    if count_modes then count_mode(body) end
    if out then
      local ref = body:match('"key_ref":"([^"]+)"')
      if ref then out:write(ref, "\n") end
    end
  end
end
