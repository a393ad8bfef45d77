-- wrk script: GET <prefix>/products/{id} for a random seeded product id (1..10000).
-- Environment: PRODUCT_PATH_PREFIX (e.g. /api/catalog through the gateway; empty for a service),
-- BEARER_TOKEN (sent as Authorization when set).
math.randomseed(os.time())
local prefix = os.getenv("PRODUCT_PATH_PREFIX") or ""
local token = os.getenv("BEARER_TOKEN")
local headers = {}
if token and token ~= "" then
  headers["Authorization"] = "Bearer " .. token
end
request = function()
  return wrk.format("GET", prefix .. "/products/" .. math.random(1, 10000), headers)
end
