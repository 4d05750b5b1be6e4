-- POST /api-token-refresh/: checks the token, looks the user up, signs a new token.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"token":"' .. os.getenv("RESTJWT_TOKEN") .. '"}'
wrk.path = "/api-token-refresh/"
