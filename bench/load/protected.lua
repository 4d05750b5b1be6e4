-- GET /api/user/ with Authorization: JWT <token>.
wrk.method = "GET"
wrk.headers["Authorization"] = "JWT " .. os.getenv("RESTJWT_TOKEN")
wrk.path = "/api/user/"
