-- POST /orders as many customers (one token per line of TOKENS_FILE), 1-3 random products each, a fresh
-- Idempotency-Key per request: every request is a new order. wrk -s load-tests/wrk/place-order.lua http://...
dofile("load-tests/wrk/customers.lua")
local path = os.getenv("ORDERS_PATH") or "/orders"
-- THINK_MS: a customer's pause before each of its requests, so that a few connections make a steady rate below
-- what the box can take (about connections / (think + latency) a second) rather than as many as it can answer.
local think = tonumber(os.getenv("THINK_MS") or "0")
if think == nil or think < 0 then
  error("THINK_MS must be a number of milliseconds, 0 or more")
end
if think > 0 then
  function delay() return think end
end

function request()
  local items = {}
  local first = math.random(1, 9990)
  for i = 1, math.random(1, 3) do
    items[#items + 1] = string.format('{"productId":%d,"quantity":%d}', first + i, math.random(1, 3))
  end
  local headers = {
    ["Authorization"] = any_customer(),
    ["Content-Type"] = "application/json",
    ["Idempotency-Key"] = fresh_key("bench"),
  }
  return wrk.format("POST", path, headers, '{"items":[' .. table.concat(items, ",") .. ']}')
end
