-- POST a session request to the path wrk was given. With WRK_RECORD=1 and a file as the first
-- argument, every key_ref answered is appended to it (one per line) for the retrieval runs.
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

function response(status, headers, body)
  if out then
    local ref = body:match('"key_ref":"([^"]+)"')
    if ref then out:write(ref, "\n") end
  end
end

function done(summary, latency, requests)
  io.write(string.format(
    'WRKJSON {"requests": %d, "duration_us": %d, "non2xx": %d, "socket_errors": %d, "p50_us": %d, "p99_us": %d}\n',
    summary.requests, summary.duration, summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    latency:percentile(50), latency:percentile(99)))
end
