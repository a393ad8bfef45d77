-- wrk script: GET /products/{id} for a random seeded product id (1..10000).
math.randomseed(os.time())
request = function()
  return wrk.format("GET", "/products/" .. math.random(1, 10000))
end
