-- wrk's request for the throughput figures (bench/loadgen.py): a POST of one JSON body, read from
-- the file named after `--`, as tenant 6500; at the end, one line of JSON the bench reads back.
--   wrk -t1 -c16 -d8s -s bench/post.lua http://127.0.0.1:PORT/v1 -- BODY.json

function init(args)
   local file = assert(io.open(args[1], "rb"))
   wrk.method = "POST"
   wrk.body = file:read("*a")
   file:close()
   wrk.headers["Content-Type"] = "application/json"
   wrk.headers["X-AUTH-TOKEN"] = "demo-key"
end

function done(summary, latency, requests)
   local errors = summary.errors
   io.write(string.format(
      'BENCH {"requests": %d, "seconds": %f, "errors": %d, "p50_ms": %f, "p99_ms": %f}\n',
      summary.requests,
      summary.duration / 1e6,
      errors.connect + errors.read + errors.write + errors.status + errors.timeout,
      latency:percentile(50) / 1e3,
      latency:percentile(99) / 1e3
   ))
end
