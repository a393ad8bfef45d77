-- A well-behaved customer mix through the gateway, as many customers (one token per line of TOKENS_FILE):
-- product reads, searches, the storefront, and now and then a new order (a fresh Idempotency-Key each).
-- wrk -s load-tests/wrk/good-customer.lua http://127.0.0.1:8080
local tokens = {}
for line in io.lines(os.getenv("TOKENS_FILE")) do
  if #line > 0 then tokens[#tokens + 1] = line end
end
local words = {"lamp", "walnut", "oak", "chair", "table", "shelf"}
local counter = 0
local thread_id = 0

function setup(thread)
  thread_id = thread_id + 1
  thread:set("id", thread_id)
end

function init(args)
  math.randomseed(os.time() + (id or 0) * 7919)
end

function request()
  counter = counter + 1
  local headers = {["Authorization"] = "Bearer " .. tokens[math.random(1, #tokens)]}
  local pick = counter % 10
  if pick == 0 then
    headers["Content-Type"] = "application/json"
    headers["Idempotency-Key"] = string.format("good-%d-%d-%d-%d", os.time(), id or 0, counter, math.random(1, 1000000000))
    local body = string.format('{"items":[{"productId":%d,"quantity":1}]}', math.random(1, 9990))
    return wrk.format("POST", "/api/orders/orders", headers, body)
  elseif pick <= 5 then
    return wrk.format("GET", "/api/catalog/products/" .. math.random(1, 10000), headers)
  elseif pick <= 7 then
    return wrk.format("GET", "/api/catalog/products/search?q=" .. words[math.random(1, #words)] .. "&size=5", headers)
  else
    return wrk.format("GET", "/api/storefront/products/" .. math.random(1, 10000), headers)
  end
end
