-- wrk script for bench/webhook/run: POSTs pre-signed LINE webhook bodies, each at most once.
--   wrk -t T -c C -d D --latency -s webhook.lua http://HOST:PORT/webhook/line/KEY \
--     -- FILE T [MODE] [READY_DIR]
-- FILE holds "<signature>\t<body>" lines (gen-bodies.mjs). T must equal wrk's -t: thread k
-- sends lines k, k+T, k+2T, ... so no two threads send the same event. If FILE.T-k exists
-- (bench/webhook/run writes these), thread k reads just that file, which holds its lines.
-- MODE:
--   valid   (default) the real signatures: 200 after the group commit
--   badsig  every signature replaced by a wrong one of the same length: 401, nothing stored
-- READY_DIR (optional, an empty directory): a start barrier. wrk calls init() for one thread
-- after another on its main thread and starts each thread as soon as its init() returns, so
-- without a barrier thread 0 would load while thread 1 still reads its file; wrk's clock
-- starts only after the last init(). Each init() leaves a file in READY_DIR, and each thread's
-- first request() waits until all T are there.
-- A thread that runs out of lines starts again from its first line (redeliveries: 200, but
-- no new row); done() warns when that happened, because the no-loss check then cannot hold.
-- At the end it prints one line "BENCH key=value ..." for bench/webhook/run to parse.

local ffi = require("ffi")
ffi.cdef("int usleep(unsigned int usec);")

local threads = {}
local next_id = 0

function setup(thread)
  thread:set("tid", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

local requests = {}
local n = 0
local i = 0
sent = 0
wrapped = 0
share = 0

local ready_dir, nthreads
local started = false

local function add_request(line, mode)
  local tab = line:find("\t", 1, true)
  local signature = line:sub(1, tab - 1)
  if mode == "badsig" then
    -- Same length and alphabet, different HMAC: the full check still runs.
    signature = string.rep("A", #signature - 1) .. "="
  end
  n = n + 1
  requests[n] = wrk.format("POST", wrk.path, {
    ["Content-Type"] = "application/json; charset=utf-8",
    ["User-Agent"] = "LineBotWebhook/2.0",
    ["x-line-signature"] = signature,
  }, line:sub(tab + 1))
end

function init(args)
  local file, mode = args[1], args[3] or "valid"
  nthreads, ready_dir = tonumber(args[2]), args[4]
  if file == nil or nthreads == nil then
    error("usage: -- FILE THREADS [valid|badsig] [READY_DIR]")
  end
  local own = file .. "." .. nthreads .. "-" .. tid
  local f = io.open(own, "r")
  if f then
    f:close()
    for line in io.lines(own) do add_request(line, mode) end
  else
    local line_no = 0
    for line in io.lines(file) do
      if line_no % nthreads == tid then add_request(line, mode) end
      line_no = line_no + 1
    end
  end
  share = n
  if n == 0 then error("no bodies for thread " .. tid .. " in " .. file) end
  if ready_dir then
    local mark = assert(io.open(ready_dir .. "/" .. tid, "w"))
    mark:close()
  end
end

local function wait_for_all_threads()
  while true do
    local all = true
    for k = 0, nthreads - 1 do
      local f = io.open(ready_dir .. "/" .. k, "r")
      if f then f:close() else all = false; break end
    end
    if all then return end
    ffi.C.usleep(2000)
  end
end

local verified = false

function request()
  -- wrk calls thread 0's request() once on its main thread to check that the request parses,
  -- before the other threads exist: answer without waiting and without using up a body.
  if tid == 0 and not verified then
    verified = true
    return requests[1]
  end
  if not started then
    if ready_dir then wait_for_all_threads() end
    started = true
  end
  i = i + 1
  if i > n then
    i = 1
    wrapped = wrapped + 1
  end
  sent = sent + 1
  return requests[i]
end

function done(summary, latency, requests_stats)
  local total_sent, total_share, total_wrapped = 0, 0, 0
  for _, t in ipairs(threads) do
    total_sent = total_sent + t:get("sent")
    total_share = total_share + t:get("share")
    total_wrapped = total_wrapped + t:get("wrapped")
  end
  if total_wrapped > 0 then
    io.write(string.format("WARNING: the threads ran out of distinct bodies (%d wraps); " ..
      "generate more (BODIES) or shorten DURATION\n", total_wrapped))
  end
  local e = summary.errors
  io.write(string.format(
    "BENCH requests=%d duration_us=%d bytes=%d rps=%.1f sent=%d bodies=%d wrapped=%d " ..
    "err_connect=%d err_read=%d err_write=%d err_status=%d err_timeout=%d " ..
    "lat_mean_us=%.1f lat_p50_us=%d lat_p90_us=%d lat_p99_us=%d lat_p999_us=%d lat_max_us=%d\n",
    summary.requests, summary.duration, summary.bytes,
    summary.requests / (summary.duration / 1e6), total_sent, total_share, total_wrapped,
    e.connect, e.read, e.write, e.status, e.timeout,
    latency.mean, latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency:percentile(99.9), latency.max))
end
