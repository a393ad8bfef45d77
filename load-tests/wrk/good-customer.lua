-- A well-behaved customer mix through the gateway, as many customers (one token per line of TOKENS_FILE):
-- product reads, searches, the storefront, and now and then a new order (a fresh Idempotency-Key each).
-- wrk -s load-tests/wrk/good-customer.lua http://127.0.0.1:8080
dofile("load-tests/wrk/customers.lua")
local words = {"lamp", "walnut", "oak", "chair", "table", "shelf"}
local counter = 0

function request()
  counter = counter + 1
  local headers = {["Authorization"] = any_customer()}
  local pick = counter % 10
  if pick == 0 then
    headers["Content-Type"] = "application/json"
    headers["Idempotency-Key"] = fresh_key("good")
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
