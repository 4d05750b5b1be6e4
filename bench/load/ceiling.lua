-- The same verify request against nginx answering a fixed JSON body: HTTP's own cost.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"token":"' .. os.getenv("RESTJWT_TOKEN") .. '"}'
wrk.path = "/api-token-verify/"
