-- GET /<prefix>/key/<ref> for each key_ref of the file given as first argument, once each in turn
-- (each wrk thread starts at its own offset). The prefix ("lightvibes" or "bench") is the second.
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

function done(summary, latency, requests)
  io.write(string.format(
    'WRKJSON {"requests": %d, "duration_us": %d, "non2xx": %d, "socket_errors": %d, "p50_us": %d, "p99_us": %d}\n',
    summary.requests, summary.duration, summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    latency:percentile(50), latency:percentile(99)))
end
