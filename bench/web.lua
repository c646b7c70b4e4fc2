-- wrk script for bench/web.py: counts responses by HTTP status, and for POSTs sends a body with
-- an e-mail address no other request uses and keeps the reference of every 201 response.
--
-- Environment (set by bench/web.py):
--   WB_OUT     file that done() writes its JSON summary to
--   WB_METHOD  GET (default) or POST
--   WB_BODY    the POST body, with @EMAIL@ where each request's address goes
--   WB_PREFIX  the addresses' local-part prefix: <prefix>-<thread>-<n>@example.sn
--   WB_HEADERS extra request headers, "Name: value" separated by newlines (optional)
--
-- Every wrk thread has a Lua state of its own: per-thread counters are gathered in done()
-- through thread:get, which copies tables between states.

local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("tid", #threads)
end

function init(args)
  sent = 0
  statuses = {}
  refs = {}
  method = os.getenv("WB_METHOD") or "GET"
  extra = {}
  for line in string.gmatch(os.getenv("WB_HEADERS") or "", "[^\n]+") do
    local name, value = string.match(line, "^([^:]+):%s*(.*)$")
    if name then extra[name] = value end
  end
  if method == "POST" then
    local body = os.getenv("WB_BODY")
    local at = string.find(body, "@EMAIL@", 1, true)
    head = string.sub(body, 1, at - 1)
    tail = string.sub(body, at + string.len("@EMAIL@"))
    prefix = os.getenv("WB_PREFIX")
    extra["Content-Type"] = "application/json"
  else
    fixed = wrk.format("GET", wrk.path, extra)
  end
end

function request()
  sent = sent + 1
  if method ~= "POST" then
    return fixed
  end
  local email = prefix .. "-" .. tid .. "-" .. sent .. "@example.sn"
  return wrk.format("POST", wrk.path, extra, head .. email .. tail)
end

function response(status, response_headers, body)
  statuses[status] = (statuses[status] or 0) + 1
  if status == 201 then
    local reference = string.match(body, '"reference"%s*:%s*"([^"]+)"')
    if reference then
      refs[#refs + 1] = reference
    end
  end
end

function done(summary, latency, requests)
  local by_status = {}
  local all_refs = {}
  -- wrk calls request() once more in the first thread, to check the request before the run:
  -- that one is never sent.
  total_sent = -1
  for _, thread in ipairs(threads) do
    total_sent = total_sent + thread:get("sent")
    for status, count in pairs(thread:get("statuses")) do
      by_status[status] = (by_status[status] or 0) + count
    end
    for _, reference in ipairs(thread:get("refs")) do
      all_refs[#all_refs + 1] = '"' .. reference .. '"'
    end
  end
  local statuses_json = {}
  for status, count in pairs(by_status) do
    statuses_json[#statuses_json + 1] = string.format('"%d": %d', status, count)
  end
  local e = summary.errors
  local samples = #latency
  local mean = 0
  if samples > 0 then mean = latency.mean end
  local out = assert(io.open(os.getenv("WB_OUT"), "w"))
  out:write(string.format(
    '{"duration_us": %d, "responses": %d, "bytes": %d, "sent": %d, ' ..
    '"errors": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}, ' ..
    '"latency_us": {"samples": %d, "mean": %.0f, "max": %.0f, ' ..
    '"p50": %.0f, "p95": %.0f, "p99": %.0f}, "statuses": {%s}, "references": [%s]}\n',
    summary.duration, summary.requests, summary.bytes, math.max(total_sent, 0),
    e.connect, e.read, e.write, e.status, e.timeout,
    samples, mean, latency.max,
    latency:percentile(50), latency:percentile(95), latency:percentile(99),
    table.concat(statuses_json, ", "), table.concat(all_refs, ", ")))
  out:close()
end
