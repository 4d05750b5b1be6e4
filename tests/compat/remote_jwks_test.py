#!/usr/bin/python3
"""restjwt as a resource server: another issuer's tokens authenticate protected routes with the
keys of its JWKS (docs/keys.md), fetched from a local server this test runs and signs for.

The issuer's server is Python's http.server serving keys made here with python3-cryptography; it
can also redirect, answer slowly, send 2 MB, go down, or speak TLS with a certificate of a CA made
here. Run by ctest (label compat) with --restjwt BUILD/restjwt.
"""
import argparse
import datetime
import http.server
import ipaddress
import json
import ssl
import sys
import tempfile
import threading
import time
import unittest

import jwt  # Debian's python3-jwt
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import NameOID
from restjwt_process import RestjwtServer
import requests  # Debian's python3-requests

ARGS = None
ISSUER = "https://issuer.test"
USERNAME = "alice"


class Issuer:
    """Signing keys and the JWKS that publishes them."""

    def __init__(self):
        self.keys = {}

    def add_key(self, kid):
        self.keys[kid] = rsa.generate_private_key(public_exponent=65537, key_size=2048)

    def jwks(self):
        keys = []
        for kid, key in self.keys.items():
            jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(key.public_key()))
            jwk.update({"kid": kid, "use": "sig", "alg": "RS256"})
            keys.append(jwk)
        return json.dumps({"keys": keys}).encode()

    def token(self, kid, **claims):
        payload = {"iss": ISSUER, "aud": "api", "username": USERNAME, "sub": "42",
                   "exp": int(time.time()) + 300}
        payload.update(claims)
        payload = {k: v for k, v in payload.items() if v is not None}
        return jwt.encode(payload, self.keys[kid], algorithm="RS256", headers={"kid": kid})


class JwksServer:
    """http.server on 127.0.0.1:0; `mode` says how it answers: ok, redirect, slow, large."""

    def __init__(self, issuer, mode="ok", tls=None):
        self.issuer, self.mode, self.hits = issuer, mode, 0
        owner = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                owner.hits += 1
                if owner.mode == "redirect":
                    self.send_response(302)
                    self.send_header("Location", owner.url)
                    self.end_headers()
                    return
                if owner.mode == "slow":
                    time.sleep(3)
                body = b" " * (2 * 1024 * 1024) if owner.mode == "large" else owner.issuer.jwks()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                try:
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        scheme = "http"
        if tls is not None:
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(tls["cert"], tls["key"])
            self.httpd.socket = context.wrap_socket(self.httpd.socket, server_side=True)
            scheme = "https"
        host = "localhost" if tls is not None else "127.0.0.1"
        self.url = f"{scheme}://{host}:{self.httpd.server_address[1]}/jwks.json"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def stop(self):
        if self.thread.is_alive():
            self.httpd.shutdown()
            self.httpd.server_close()


def make_tls_files(directory):
    """A CA, and a certificate it signed for localhost and 127.0.0.1."""
    now = datetime.datetime.utcnow()

    def certificate(subject, issuer, public_key, signing_key, ca, names=()):
        builder = (x509.CertificateBuilder().subject_name(subject).issuer_name(issuer)
                   .public_key(public_key).serial_number(x509.random_serial_number())
                   .not_valid_before(now - datetime.timedelta(minutes=5))
                   .not_valid_after(now + datetime.timedelta(days=1))
                   .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True))
        if names:
            builder = builder.add_extension(x509.SubjectAlternativeName(list(names)), critical=False)
        return builder.sign(signing_key, hashes.SHA256())

    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "restjwt test CA")])
    ca = certificate(ca_name, ca_name, ca_key.public_key(), ca_key, True)
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    cert = certificate(name, ca_name, key.public_key(), ca_key, False,
                       [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))])
    files = {"ca": f"{directory}/ca.pem", "cert": f"{directory}/cert.pem", "key": f"{directory}/key.pem"}
    with open(files["ca"], "wb") as out:
        out.write(ca.public_bytes(serialization.Encoding.PEM))
    with open(files["cert"], "wb") as out:
        out.write(cert.public_bytes(serialization.Encoding.PEM))
    with open(files["key"], "wb") as out:
        out.write(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                    serialization.NoEncryption()))
    return files


def resource_server(tmp, url, extra="", cache="cache_lifetime = 2\nrefresh_before = 1\n"):
    toml = (f'[remote_jwks]\nurl = "{url}"\nissuer = "{ISSUER}"\naudience = "api"\n'
            'refetch_min_interval = 1\ntimeout = "500ms"\n' + cache + extra)
    if url.startswith("http://"):
        toml += "allow_http = true\n"
    return RestjwtServer(ARGS.restjwt, tmp, extra_toml=toml, users=((USERNAME, "pw-123456"),))


def user_answer(server, token):
    return requests.get(server.base + "/api/user/", headers={"Authorization": "JWT " + token},
                        timeout=10)


def wait_for(predicate, what, timeout=10):
    deadline = time.time() + timeout
    while not predicate():
        if time.time() > deadline:
            raise AssertionError("timed out waiting for " + what)
        time.sleep(0.1)


class RemoteIssuer(unittest.TestCase):
    def setUp(self):
        # Cleanups run last-in first-out: the servers stop before their directory goes.
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)
        self.issuer = Issuer()
        self.issuer.add_key("issuer-1")

    def serve_jwks(self, mode="ok", tls=None):
        jwks = JwksServer(self.issuer, mode, tls)
        self.addCleanup(jwks.stop)
        return jwks

    def restjwt(self, name, url, extra="", **cache):
        server = resource_server(f"{self.tmp.name}/{name}", url, extra, **cache)
        self.addCleanup(server.stop)
        return server

    def test_the_issuers_tokens_authenticate_and_name_the_local_user(self):
        jwks = self.serve_jwks()
        server = self.restjwt("ok", jwks.url)
        answer = user_answer(server, self.issuer.token("issuer-1"))
        self.assertEqual(answer.status_code, 200, answer.text)
        self.assertEqual(answer.json()["username"], USERNAME)
        # Only protected routes: verify and refresh are about restjwt's own tokens.
        verify = requests.post(server.base + "/api-token-verify/",
                               json={"token": self.issuer.token("issuer-1")}, timeout=10)
        self.assertEqual(verify.status_code, 400)
        refused = {
            "another issuer": self.issuer.token("issuer-1", iss="https://other.test"),
            "another audience": self.issuer.token("issuer-1", aud="other"),
            "no audience": self.issuer.token("issuer-1", aud=None),
            "expired": self.issuer.token("issuer-1", exp=int(time.time()) - 60),
            "unknown user": self.issuer.token("issuer-1", username="mallory"),
        }
        for what, token in refused.items():
            self.assertEqual(user_answer(server, token).status_code, 401, what)
        # restjwt's own tokens still work beside them.
        own = requests.post(server.base + "/api-token-auth/",
                            json={"username": USERNAME, "password": "pw-123456"}, timeout=10)
        self.assertEqual(user_answer(server, own.json()["token"]).status_code, 200)

    def test_a_new_key_of_the_issuer_is_fetched_when_its_first_token_comes(self):
        jwks = self.serve_jwks()
        server = self.restjwt("rotation", jwks.url,
                              cache="cache_lifetime = 600\nrefresh_before = 60\n")
        self.issuer.add_key("issuer-2")
        token = self.issuer.token("issuer-2")
        # The first one is refused (the fetch it asks for runs in the background), not for long.
        wait_for(lambda: user_answer(server, token).status_code == 200, "the new key")
        hits = jwks.hits
        for _ in range(20):  # invented kids ask for at most one fetch per refetch_min_interval
            forged = jwt.encode({"iss": ISSUER}, self.issuer.keys["issuer-1"], algorithm="RS256",
                                headers={"kid": "invented"})
            self.assertEqual(user_answer(server, forged).status_code, 401)
        self.assertLessEqual(jwks.hits - hits, 2)

    def test_stale_keys_keep_working_while_the_issuer_is_down(self):
        jwks = self.serve_jwks()
        server = self.restjwt("down", jwks.url)
        token = self.issuer.token("issuer-1")
        self.assertEqual(user_answer(server, token).status_code, 200)
        jwks.stop()
        time.sleep(3.5)  # past cache_lifetime (2 s): the refresh failed, and its retries
        self.assertEqual(user_answer(server, token).status_code, 200)
        self.assertIn("keep working", server.log_text())

    def test_what_a_fetch_refuses(self):
        cases = {
            "redirect": "is not followed",
            "slow": "timed out after 500 ms",
            "large": "the answer is larger than 262144 bytes",
        }
        for mode, message in cases.items():
            with self.subTest(mode):
                jwks = self.serve_jwks(mode)
                started = time.time()
                server = self.restjwt(mode, jwks.url)
                if mode == "slow":
                    self.assertLess(time.time() - started, 3, "start waits at most the timeout")
                self.assertEqual(user_answer(server, self.issuer.token("issuer-1")).status_code,
                                 401)
                wait_for(lambda: message in server.log_text(), message)

    def test_https_with_the_issuers_ca_and_not_without_it(self):
        tls = make_tls_files(self.tmp.name)
        jwks = self.serve_jwks(tls=tls)
        trusted = self.restjwt("tls", jwks.url, f'ca_file = "{tls["ca"]}"\n')
        self.assertEqual(user_answer(trusted, self.issuer.token("issuer-1")).status_code, 200)
        untrusted = self.restjwt("untrusted", jwks.url)
        self.assertEqual(user_answer(untrusted, self.issuer.token("issuer-1")).status_code, 401)
        wait_for(lambda: "certificate verify failed" in untrusted.log_text(), "a TLS refusal")


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--restjwt", required=True)
    ARGS, rest = parser.parse_known_args()
    unittest.main(argv=[sys.argv[0]] + rest, verbosity=2)
