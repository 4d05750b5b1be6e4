-- POST /api-token-verify/ with a JSON body (the token comes from the environment).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"token":"' .. os.getenv("RESTJWT_TOKEN") .. '"}'
wrk.path = "/api-token-verify/"
