-- Shared by the wrk scripts that act as many customers (run from the project root, as the harnesses do):
-- one token per line of TOKENS_FILE, a per-thread random seed, and fresh Idempotency-Keys.
-- In a script: dofile("load-tests/wrk/customers.lua")
tokens = {}
for line in io.lines(os.getenv("TOKENS_FILE")) do
  if #line > 0 then tokens[#tokens + 1] = line end
end
local thread_id = 0
local keys = 0

function setup(thread)
  thread_id = thread_id + 1
  thread:set("id", thread_id)
end

function init(args)
  math.randomseed(os.time() + (id or 0) * 7919)
end

function any_customer()
  return "Bearer " .. tokens[math.random(1, #tokens)]
end

function fresh_key(prefix)
  keys = keys + 1
  return string.format("%s-%d-%d-%d-%d", prefix, os.time(), id or 0, keys, math.random(1, 1000000000))
end
