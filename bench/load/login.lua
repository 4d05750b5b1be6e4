-- POST /api-token-auth/ with the bench user's credentials (a full PBKDF2 per request).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"username":"bench","password":"' .. os.getenv("RESTJWT_PASSWORD") .. '"}'
wrk.path = "/api-token-auth/"
