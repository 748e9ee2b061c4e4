-- wrk script for bench/cluster/run: bench/webhook/webhook.lua (pre-signed bodies, each sent at
-- most once, start barrier, the "BENCH ..." summary line), with wrk's threads spread over
-- several nodes: thread k sends to the k-th port of CLUSTER_PORTS (round-robin), all on
-- CLUSTER_HOST (default 127.0.0.1). One wrk process, so the latency distribution and the
-- request rate are those of all nodes together.
--   CLUSTER_PORTS="8081 8082" wrk -t 2 -c 64 -d 10s --latency -s split.lua \
--     http://127.0.0.1:8081/webhook/line/bench -- FILE 2 valid READY_DIR
-- It also prints one line "NODES port=requests,..." (per-thread request counts by port) from
-- each thread's own count, and a line "QUANTILES p=us ..." for finer tail percentiles.

local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(here .. "../webhook/webhook.lua")

local base_setup, base_done = setup, done
local ports = {}
for p in (os.getenv("CLUSTER_PORTS") or ""):gmatch("%d+") do table.insert(ports, p) end
local host = os.getenv("CLUSTER_HOST") or "127.0.0.1"
local assigned = {}
local count = 0

function setup(thread)
  base_setup(thread)
  if #ports > 0 then
    local port = ports[(count % #ports) + 1]
    thread.addr = wrk.lookup(host, port)[1]
    thread:set("node_port", port)
    table.insert(assigned, thread)
  end
  count = count + 1
end

function done(summary, latency, requests_stats)
  base_done(summary, latency, requests_stats)
  local by_port, order = {}, {}
  for _, t in ipairs(assigned) do
    local port = t:get("node_port")
    if by_port[port] == nil then by_port[port] = 0; table.insert(order, port) end
    -- sent counts requests handed to wrk, including the last one per connection in flight.
    by_port[port] = by_port[port] + t:get("sent")
  end
  local parts = {}
  for _, port in ipairs(order) do table.insert(parts, port .. "=" .. by_port[port]) end
  io.write("NODES " .. table.concat(parts, ",") .. "\n")
  local q = {}
  for _, p in ipairs({50, 90, 99, 99.9, 99.99}) do
    table.insert(q, string.format("%s=%d", p, latency:percentile(p)))
  end
  io.write("QUANTILES " .. table.concat(q, " ") .. "\n")
end
