-- A hostile client through the gateway, anonymous or with one customer's token (TOKEN): every request is bad
-- input of a kind that once made a service answer 500 (and so opened a breaker every client shares), or that
-- steps around an edge rule by spelling a path differently. Each must be a 4xx and change nothing.
-- wrk -s load-tests/wrk/hostile-client.lua http://127.0.0.1:8080
local token = os.getenv("TOKEN")
local counter = 0
local server_errors = 0
local threads = {}

function setup(thread)
  threads[#threads + 1] = thread
end
local bad = {
  {"GET", "/api/catalog/products/search?q=a%00b"},
  {"GET", "/api/catalog/products/search?q=%E0%80"},
  {"GET", "/api/catalog/products?category=%00"},
  {"GET", "/api/catalog/products/99999999999999999999"},
  {"GET", "/api/catalog/%61ctuator/prometheus"},
  {"GET", "/api/catalog//actuator/env"},
  {"GET", "/api/orders/actuator;x=1/prometheus"},
  {"GET", "/api/catalog/products/1", {["Consistency-Token"] = "999999999999999999"}},
  {"GET", "/api/catalog/products/1", {["Consistency-Token"] = "-1"}},
  {"POST", "/api/orders/orders", {["Content-Type"] = "application/json"},
    '{"items":[{"productId":1,"quantity":2147483647},{"productId":2,"quantity":2147483647}]}'},
  {"POST", "/api/orders/orders", {["Content-Type"] = "application/json"}, '{"items":[{"productId":"\\u0000","quantity":1}]}'},
  {"POST", "/api/orders/orders", {["Content-Type"] = "application/json"}, '{"items":[null]}'},
  {"POST", "/api/orders/orders", {["Content-Type"] = "application/json"}, '{"items":' .. string.rep("[", 5000)},
  {"GET", "/api/orders/orders?page=99999999999&size=1"},
  {"GET", "/api/orders/orders/abc"},
}

function request()
  counter = counter + 1
  local entry = bad[(counter % #bad) + 1]
  local headers = {}
  for k, v in pairs(entry[3] or {}) do headers[k] = v end
  if token and #token > 0 then headers["Authorization"] = "Bearer " .. token end
  if entry[1] == "POST" then
    headers["Idempotency-Key"] = "hostile-" .. counter
  end
  return wrk.format(entry[1], entry[2], headers, entry[4])
end

-- Any 5xx the hostile client earns is a defect (a 503 from an open breaker would be one that others share too).
function response(status, headers, body)
  if status >= 500 then
    server_errors = server_errors + 1
    wrk.thread:set("server_errors", server_errors)
  end
end

function done(summary, latency, requests)
  local total = 0
  for _, thread in ipairs(threads) do total = total + (thread:get("server_errors") or 0) end
  io.write(string.format("hostile requests: %d, 5xx answers: %d (each is a defect)\n", summary.requests, total))
end
