-- Shared by session.lua and key.lua (loaded with dofile): counts answers by the mode they name
-- (QMK or PQC) when WRK_COUNT_MODES=1, and prints one WRKJSON line in done() for WrkRun to parse.
qmk = 0
pqc = 0
count_modes = os.getenv("WRK_COUNT_MODES") == "1"

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function count_mode(body)
  local mode = body:match('"mode":"(%u+)"')
  if mode == "QMK" then qmk = qmk + 1 elseif mode == "PQC" then pqc = pqc + 1 end
end

function done(summary, latency, requests)
  local qmk_total, pqc_total = 0, 0
  for _, thread in ipairs(threads) do
    qmk_total = qmk_total + thread:get("qmk")
    pqc_total = pqc_total + thread:get("pqc")
  end
  io.write(string.format(
    'WRKJSON {"requests": %d, "duration_us": %d, "non2xx": %d, "socket_errors": %d, "p50_us": %d, '
      .. '"p99_us": %d, "qmk": %d, "pqc": %d}\n',
    summary.requests, summary.duration, summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    latency:percentile(50), latency:percentile(99), qmk_total, pqc_total))
end
