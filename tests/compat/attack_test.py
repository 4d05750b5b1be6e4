#!/usr/bin/python3
"""Black-box attacks on a running `restjwt serve`. Every case has its exact
expected answer; none may produce a 5xx, a crash, or an outbound connection.

  attack_test.py --restjwt build/restjwt
"""
import argparse
import base64
import hashlib
import hmac
import json
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import unittest

import requests
from restjwt_process import RestjwtServer

ARGS = None
AUD, ISS = "api.example", "restjwt-tests"


def b64(data):
    if isinstance(data, str):
        data = data.encode()
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def hs256(secret, header, payload):
    head = b64(header if isinstance(header, (bytes, str)) else json.dumps(header, separators=(",", ":")))
    body = b64(payload if isinstance(payload, (bytes, str)) else json.dumps(payload, separators=(",", ":")))
    signing_input = f"{head}.{body}".encode()
    key = secret.encode() if isinstance(secret, str) else secret
    return f"{head}.{body}." + b64(hmac.new(key, signing_input, hashlib.sha256).digest())


class TrapListener:
    """A local TCP listener that records any connection: a `jku`/`x5u` must never be fetched."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self.running = True
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    def run(self):
        while self.running:
            try:
                conn, _ = self.sock.accept()
                self.connections += 1
                conn.close()
            except OSError:
                pass

    def close(self):
        self.running = False
        self.thread.join()
        self.sock.close()


class Attacks(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.server = RestjwtServer(
            ARGS.restjwt, cls.tmp.name + "/hs",
            jwt_auth=f'JWT_AUDIENCE = "{AUD}"\nJWT_ISSUER = "{ISS}"\nJWT_AUTH_COOKIE = "jwt"\nJWT_ALLOW_REFRESH = true',
            extra_toml='[throttle]\naddress_rate = "1000/min"\nusername_rate = "20/min"\n',
            users=(("alice", "alice-password"),))
        cls.trap = TrapListener()

    @classmethod
    def tearDownClass(cls):
        cls.trap.close()
        cls.server.stop()
        cls.tmp.cleanup()

    def payload(self, **overrides):
        p = {"user_id": 1, "username": "alice", "exp": int(time.time()) + 300,
             "email": "alice@example.com", "aud": AUD, "iss": ISS}
        p.update(overrides)
        return {k: v for k, v in p.items() if v is not ...}

    def token(self, header=None, **overrides):
        return hs256(self.server.secret, header or {"typ": "JWT", "alg": "HS256"}, self.payload(**overrides))

    def user(self, token, **headers):
        return requests.get(self.server.base + "/api/user/", headers={"Authorization": f"JWT {token}", **headers},
                            timeout=10)

    def verify(self, token):
        return requests.post(self.server.base + "/api-token-verify/", json={"token": token}, timeout=10)

    def expect(self, token, verify_message, auth_message):
        v = self.verify(token)
        self.assertEqual((v.status_code, v.json()), (400, {"non_field_errors": [verify_message]}), token[:200])
        a = self.user(token)
        self.assertEqual((a.status_code, a.json()), (401, {"detail": auth_message}), token[:200])
        self.assertEqual(a.headers["WWW-Authenticate"], 'JWT realm="api"')

    def decode_error(self, token):
        self.expect(token, "Error decoding signature.", "Error decoding signature.")

    def other_error(self, token):
        self.expect(token, "Invalid token.", "Incorrect authentication credentials.")

    def test_a_good_token_is_accepted(self):
        self.assertEqual(self.user(self.token()).status_code, 200)

    def test_alg_none_and_friends(self):
        body = b64(json.dumps(self.payload()))
        for alg in ("none", "None", "NONE", "nOnE", ""):
            self.other_error(b64(json.dumps({"typ": "JWT", "alg": alg})) + "." + body + ".")
        self.other_error(b64(json.dumps({"typ": "JWT"})) + "." + body + ".")
        self.other_error(self.token({"typ": "JWT", "alg": "HS512"}))

    def test_embedded_keys_are_never_used_or_fetched(self):
        evil = "attacker-secret-attacker-secret-0000"
        jwk = {"kty": "oct", "k": b64(evil)}
        for extra in ({"jwk": jwk}, {"jku": f"http://127.0.0.1:{self.trap.port}/jwks.json"},
                      {"x5u": f"http://127.0.0.1:{self.trap.port}/cert.pem"}, {"kid": "../../../../dev/null"},
                      {"kid": "' OR '1'='1"}):
            header = {"typ": "JWT", "alg": "HS256", **extra}
            self.decode_error(hs256(evil, header, self.payload()))
            self.assertEqual(self.user(hs256(self.server.secret, header, self.payload())).status_code, 200)
        time.sleep(0.3)
        self.assertEqual(self.trap.connections, 0)

    def test_crit_and_duplicate_claims(self):
        self.decode_error(self.token({"typ": "JWT", "alg": "HS256", "crit": ["exp"]}))
        duplicated = '{"user_id":1,"username":"bob","username":"alice","exp":%d,"aud":"%s","iss":"%s"}' % (
            int(time.time()) + 300, AUD, ISS)
        self.decode_error(hs256(self.server.secret, {"typ": "JWT", "alg": "HS256"}, duplicated))

    def test_signature_tampering(self):
        token = self.token()
        head, body, sig = token.split(".")
        raw = base64.urlsafe_b64decode(sig + "=")
        self.decode_error(f"{head}.{body}.{b64(raw[:-1])}")            # truncated
        self.decode_error(f"{head}.{body}.{b64(raw + b'x')}")          # extended
        self.decode_error(f"{head}.{body}.{sig}=")                     # padding
        self.decode_error(f"{head}.{body}.{sig}.")                     # fourth segment
        self.decode_error(f"{head}.{body}.{sig}~")                     # junk after the segment
        self.decode_error(f"{head}.{body}~.{sig}")
        self.decode_error(f"{head}.{body}.{sig[:-1]}" + chr(ord(sig[-1]) ^ 1))  # last char / unused bits
        self.decode_error(f"{head}=.{body}.{sig}")
        self.decode_error(token.replace("-", "+").replace("_", "/") if ("-" in token or "_" in token) else token + "+")

    def test_exp_nbf_iat_shapes(self):
        for bad in ("123", True, None, [], {}):
            self.decode_error(self.token(exp=bad))
        self.decode_error(hs256(self.server.secret, {"typ": "JWT", "alg": "HS256"},
                                json.dumps(self.payload()).replace('"exp": ', '"exp": 1e400, "x": ')))
        self.other_error(self.token(exp=...))
        self.expect(self.token(exp=int(time.time()) - 10), "Signature has expired.", "Signature has expired.")
        self.other_error(self.token(nbf=int(time.time()) + 3600))
        self.decode_error(self.token(nbf="soon"))
        self.assertEqual(self.user(self.token(iat=int(time.time()) + 3600)).status_code, 200)  # as drf-jwt
        self.other_error(self.token(iat="now"))

    def test_partial_issuer_and_audience(self):
        for iss in (ISS[:-1], ISS + "x", ISS.upper(), [ISS], None, ...):
            self.other_error(self.token(iss=iss))
        for aud in (AUD[:-1], "x" + AUD, [AUD + "x"], [1], None, ...):
            self.other_error(self.token(aud=aud))
        self.assertEqual(self.user(self.token(aud=["other", AUD])).status_code, 200)

    def test_sizes_and_shapes_never_crash(self):
        self.decode_error("." * 7000)
        self.decode_error("a." * 3000 + "a")
        deep = '{"a":' * 70 + "1" + "}" * 70
        self.decode_error(hs256(self.server.secret, {"typ": "JWT", "alg": "HS256"}, deep))
        self.decode_error(hs256(self.server.secret, {"typ": "JWT", "alg": "HS256"}, b'{"username":"\xff"}'))
        huge = self.token(pad="x" * 9000)
        self.decode_error(huge)
        million = requests.post(self.server.base + "/api-token-verify/", json={"token": "." * 1_000_000}, timeout=30)
        self.assertEqual(million.status_code, 413)
        ten_mb = requests.post(self.server.base + "/api-token-auth/", data=b"x" * (10 << 20),
                               headers={"Content-Type": "application/json"}, timeout=30)
        self.assertEqual((ten_mb.status_code, ten_mb.json()), (413, {"detail": "Request body too large."}))

    def test_cookie_with_crlf_and_cookie_only_csrf(self):
        raw = (f"GET /api/user/ HTTP/1.1\r\nHost: x\r\nCookie: jwt={self.token()}\r\n\r\n").encode()
        with socket.create_connection(("127.0.0.1", self.server.port), timeout=10) as s:
            s.sendall(raw)
            self.assertTrue(s.recv(65536).startswith(b"HTTP/1.1 200"))
        csrf = requests.post(self.server.base + "/api/user/", cookies={"jwt": self.token()}, timeout=10)
        self.assertEqual((csrf.status_code, csrf.json()), (403, {"detail": "CSRF Failed: CSRF cookie not set."}))
        with socket.create_connection(("127.0.0.1", self.server.port), timeout=10) as s:
            s.sendall(b"GET /api/user/ HTTP/1.1\r\nHost: x\r\nCookie: jwt=a\rb\r\n\r\n")
            self.assertTrue(s.recv(65536).startswith(b"HTTP/1.1 400"))

    def test_request_smuggling_framing_is_refused(self):
        for framing in (b"Content-Length: 4\r\nTransfer-Encoding: chunked\r\n",
                        b"Content-Length: 4\r\nContent-Length: 5\r\n",
                        b"Transfer-Encoding: gzip, chunked\r\n"):
            with socket.create_connection(("127.0.0.1", self.server.port), timeout=10) as s:
                s.sendall(b"POST /api-token-verify/ HTTP/1.1\r\nHost: x\r\n" + framing + b"\r\n0\r\n\r\n")
                self.assertTrue(s.recv(65536).startswith(b"HTTP/1.1 400"), framing)

    def test_brute_force_with_rotating_forwarded_for_is_throttled(self):
        statuses = []
        for i in range(30):
            r = requests.post(self.server.base + "/api-token-auth/",
                              json={"username": "victim-%d" % (i // 30), "password": "guess%d" % i},
                              headers={"X-Forwarded-For": f"10.0.{i}.{i}"}, timeout=10)
            statuses.append(r.status_code)
            if r.status_code == 429:
                self.assertRegex(r.json()["detail"], r"^Request was throttled\. Expected available in \d+ seconds?\.$")
                self.assertEqual(r.headers["Retry-After"], r.json()["detail"].split()[-2])
        self.assertIn(429, statuses)
        self.assertNotIn(500, statuses)

    def test_nothing_secret_reaches_the_log(self):
        token = self.token()
        self.user(token)
        requests.post(self.server.base + "/api-token-auth/", json={"username": "alice", "password": "alice-password"},
                      timeout=10)
        log = self.server.log_text()
        self.assertNotIn(token.split(".")[2], log)
        self.assertNotIn("alice-password", log)
        self.assertNotIn(self.server.secret, log)


P256_N = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551


class AsymmetricAttacks(unittest.TestCase):
    """Algorithm confusion against an RS256 server and ECDSA range attacks against an ES256 one."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.servers = {}
        cls.keys = {}
        for alg, genpkey in (("RS256", ["-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"]),
                             ("ES256", ["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"])):
            private = f"{cls.tmp.name}/{alg}.pem"
            subprocess.run(["openssl", "genpkey", *genpkey, "-out", private], check=True, capture_output=True)
            public = subprocess.run(["openssl", "pkey", "-in", private, "-pubout"], check=True,
                                    capture_output=True).stdout
            cls.keys[alg] = (open(private).read(), public)
            cls.servers[alg] = RestjwtServer(ARGS.restjwt, f"{cls.tmp.name}/{alg}", jwt_auth=f'JWT_ALGORITHM = "{alg}"',
                                             users=(("alice", "alice-password"),),
                                             env={"JWT_PRIVATE_KEY_FILE": private})

    @classmethod
    def tearDownClass(cls):
        for server in cls.servers.values():
            server.stop()
        cls.tmp.cleanup()

    def payload(self):
        return {"user_id": 1, "username": "alice", "exp": int(time.time()) + 300, "email": "alice@example.com"}

    def answer(self, alg, token):
        server = self.servers[alg]
        verify = requests.post(server.base + "/api-token-verify/", json={"token": token}, timeout=10)
        user = requests.get(server.base + "/api/user/", headers={"Authorization": f"JWT {token}"}, timeout=10)
        return verify.status_code, verify.json(), user.status_code, user.json()

    def test_real_tokens_are_accepted(self):
        import jwt
        for alg in ("RS256", "ES256"):
            token = jwt.encode(self.payload(), self.keys[alg][0], algorithm=alg)
            self.assertEqual(self.answer(alg, token)[0], 200, alg)

    def test_hs256_signed_with_the_rs256_public_key_is_refused(self):
        public_pem = self.keys["RS256"][1]
        pkcs1 = subprocess.run(["openssl", "rsa", "-pubin", "-RSAPublicKey_out"], input=public_pem, check=True,
                               capture_output=True).stdout
        der = subprocess.run(["openssl", "pkey", "-pubin", "-outform", "DER"], input=public_pem, check=True,
                             capture_output=True).stdout
        for secret in (public_pem, pkcs1, der, b"\n  " + public_pem, public_pem.strip()):
            token = hs256(secret, {"typ": "JWT", "alg": "HS256"}, self.payload())
            self.assertEqual(self.answer("RS256", token),
                             (400, {"non_field_errors": ["Invalid token."]},
                              401, {"detail": "Incorrect authentication credentials."}))

    def test_ecdsa_signatures_outside_the_range_are_refused(self):
        head = b64(json.dumps({"typ": "JWT", "alg": "ES256"}, separators=(",", ":")))
        body = b64(json.dumps(self.payload(), separators=(",", ":")))
        n = P256_N.to_bytes(32, "big")
        one = (1).to_bytes(32, "big")
        for signature in (bytes(64), n + one, one + n, (P256_N + 1).to_bytes(32, "big") + one, b"\x00" + bytes(65),
                          bytes(66), bytes(63)):
            token = f"{head}.{body}.{b64(signature)}"
            self.assertEqual(self.answer("ES256", token),
                             (400, {"non_field_errors": ["Error decoding signature."]},
                              401, {"detail": "Error decoding signature."}))


class SharedThrottleCounters(unittest.TestCase):
    """[throttle] storage = "database": two processes on one SQLite file count together, so an
    attacker gains nothing by spreading guesses over them, and the counts survive a restart."""

    RATE = 12

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.throttle = (f'[throttle]\nstorage = "database"\naddress_rate = false\n'
                        f'username_rate = "{cls.RATE}/min"\nfailures_before_backoff = 1000\n')
        cls.first = RestjwtServer(ARGS.restjwt, cls.tmp.name + "/one", extra_toml=cls.throttle,
                                  users=(("alice", "alice-password"),))
        cls.second = cls.start_second()

    @classmethod
    def start_second(cls):
        return RestjwtServer(ARGS.restjwt, cls.tmp.name + "/two", extra_toml=cls.throttle, users=(),
                             database=cls.first.database, secret=cls.first.secret)

    @classmethod
    def tearDownClass(cls):
        for server in (cls.first, cls.second):
            if server.process.poll() is None:
                server.stop()
        cls.tmp.cleanup()

    def guess(self, server, username):
        return requests.post(server.base + "/api-token-auth/",
                             json={"username": username, "password": "guess"}, timeout=10)

    def start_of_a_fresh_minute(self):
        # Rates count in fixed one-minute windows: start with most of one ahead.
        while int(time.time()) % 60 > 30:
            time.sleep(1)

    def test_guesses_spread_over_two_processes_add_up(self):
        self.start_of_a_fresh_minute()
        statuses = [self.guess((self.first, self.second)[i % 2], "spread-victim").status_code
                    for i in range(self.RATE)]
        self.assertEqual(statuses, [400] * self.RATE)
        # Each process saw only half the limit; together they saw all of it.
        for server in (self.first, self.second):
            refused = self.guess(server, "spread-victim")
            self.assertEqual(refused.status_code, 429, refused.text)
            self.assertRegex(refused.json()["detail"], r"^Request was throttled\. Expected available in \d+ seconds?\.$")
        # Another username is not affected, and the right password still logs in elsewhere.
        ok = requests.post(self.second.base + "/api-token-auth/",
                           json={"username": "alice", "password": "alice-password"}, timeout=10)
        self.assertEqual(ok.status_code, 200, ok.text)

    def test_counts_survive_a_restart(self):
        self.start_of_a_fresh_minute()
        for _ in range(self.RATE):
            self.assertEqual(self.guess(self.second, "restart-victim").status_code, 400)
        self.second.stop()
        type(self).second = self.start_second()
        self.assertEqual(self.guess(self.second, "restart-victim").status_code, 429)

    def test_the_counters_table_holds_no_long_keys(self):
        self.guess(self.first, "x" * 5000)
        with sqlite3.connect(self.first.database) as db:
            longest = db.execute("SELECT max(length(key)) FROM restjwt_throttle").fetchone()[0]
        self.assertLessEqual(longest, 160)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--restjwt", required=True)
    ARGS, rest = parser.parse_known_args()
    unittest.main(argv=[sys.argv[0]] + rest, verbosity=2)
