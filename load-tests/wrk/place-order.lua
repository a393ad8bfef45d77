-- POST /orders as many customers (one token per line of TOKENS_FILE), 1-3 random products each, a fresh
-- Idempotency-Key per request: every request is a new order. wrk -s load-tests/wrk/place-order.lua http://...
local tokens = {}
for line in io.lines(os.getenv("TOKENS_FILE")) do
  if #line > 0 then tokens[#tokens + 1] = line end
end
local path = os.getenv("ORDERS_PATH") or "/orders"
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
  local items = {}
  local first = math.random(1, 9990)
  for i = 1, math.random(1, 3) do
    items[#items + 1] = string.format('{"productId":%d,"quantity":%d}', first + i, math.random(1, 3))
  end
  local headers = {
    ["Authorization"] = "Bearer " .. tokens[math.random(1, #tokens)],
    ["Content-Type"] = "application/json",
    ["Idempotency-Key"] = string.format("bench-%d-%d-%d-%d", os.time(), id or 0, counter, math.random(1, 1000000000)),
  }
  return wrk.format("POST", path, headers, '{"items":[' .. table.concat(items, ",") .. ']}')
end
