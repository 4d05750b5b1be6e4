-- GET /.well-known/jwks.json: the key ring's public keys, as verifiers fetch them.
wrk.method = "GET"
wrk.path = "/.well-known/jwks.json"
