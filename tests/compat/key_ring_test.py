#!/usr/bin/python3
"""The key ring against real clients (docs/keys.md), driving the built `restjwt`.

PyJWT's PyJWKClient (Debian's python3-jwt 2.6) verifies restjwt's tokens through
/.well-known/jwks.json across a rotation made with `restjwt keys`: a token of the old key and one
of the new both verify, and after the old key is removed its token no longer does. Two nodes on
one database rotate on a schedule of seconds and never make a second active or next key, and
each accepts the other's tokens. Run by ctest (label compat) with --restjwt BUILD/restjwt.
"""
import argparse
import base64
import json
import pathlib
import subprocess
import sys
import tempfile
import time
import unittest

import jwt  # Debian's python3-jwt
from jwt import PyJWKClient
from restjwt_process import RestjwtServer
import requests  # Debian's python3-requests

ARGS = None
USERNAME, PASSWORD = "keyuser", "key-pass-123"


def header_of(token):
    segment = token.split(".")[0]
    return json.loads(base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4)))


def wait_for(predicate, what, timeout=15):
    deadline = time.time() + timeout
    while not predicate():
        if time.time() > deadline:
            raise AssertionError("timed out waiting for " + what)
        time.sleep(0.1)


class Node:
    """A `restjwt serve` with a key ring in its SQLite database, and the CLI on the same config."""

    def __init__(self, tmp, keys_toml, algorithm="RS256", database=None,
                 users=((USERNAME, PASSWORD),), env=None):
        self.server = RestjwtServer(
            ARGS.restjwt, tmp, extra_toml="[keys]\n" + keys_toml,
            jwt_auth=f'JWT_ALGORITHM = "{algorithm}"\nJWT_EXPIRATION_DELTA = 60', users=users,
            database=database, env=env)

    def keys(self, *args, check=True):
        done = subprocess.run([ARGS.restjwt, "keys", *args, "--config", str(self.server.config)],
                              env=self.server.env, capture_output=True, text=True, timeout=60)
        if check:
            assert done.returncode == 0, done.stderr
        return done

    def ring(self):
        return json.loads(self.keys("list", "--json").stdout)

    def kid(self, state):
        return [k["kid"] for k in self.ring() if k["state"] == state]

    def obtain(self):
        r = requests.post(self.server.base + "/api-token-auth/",
                          json={"username": USERNAME, "password": PASSWORD}, timeout=10)
        assert r.status_code == 200, r.text
        return r.json()["token"]

    def verify(self, token):
        return requests.post(self.server.base + "/api-token-verify/", json={"token": token},
                             timeout=10)

    def published_kids(self):
        r = requests.get(self.server.base + "/.well-known/jwks.json", timeout=10)
        return [k["kid"] for k in r.json()["keys"]]


def pyjwt_decode(client, token):
    key = client.get_signing_key_from_jwt(token)
    return jwt.decode(token, key.key, algorithms=["RS256"], options={"verify_exp": False})


class RotationSeenByPyJwk(unittest.TestCase):
    def test_tokens_of_the_old_and_new_key_verify_until_the_old_key_is_removed(self):
        with tempfile.TemporaryDirectory() as tmp:
            node = Node(tmp, 'storage = "database"\npoll_interval = "100ms"\n')
            try:
                self.rotate_and_remove(node)
            finally:
                node.server.stop()

    def rotate_and_remove(self, node):
        [old_kid] = node.kid("active")
        old_token = node.obtain()
        self.assertEqual(header_of(old_token), {"typ": "JWT", "alg": "RS256", "kid": old_kid})
        jwks = requests.get(node.server.base + "/.well-known/jwks.json", timeout=10)
        self.assertEqual(jwks.headers["Cache-Control"], "public, max-age=300")
        # The client a verifier would use, found through the discovery document.
        discovery = requests.get(node.server.base + "/.well-known/openid-configuration",
                                 timeout=10).json()
        self.assertEqual(discovery["jwks_uri"], node.server.base + "/.well-known/jwks.json")
        self.assertEqual(discovery["id_token_signing_alg_values_supported"], ["RS256"])
        client = PyJWKClient(discovery["jwks_uri"])
        self.assertEqual(pyjwt_decode(client, old_token)["username"], USERNAME)

        # Rotation by hand: a next key, published, then activated.
        self.assertIn("added as the next key", node.keys("generate").stdout)
        [new_kid] = node.kid("next")
        wait_for(lambda: new_kid in node.published_kids(), "the next key to be published")
        refused = node.keys("activate", new_kid, check=False)
        self.assertEqual(refused.returncode, 1)
        self.assertIn("publish_ahead", refused.stderr)
        node.keys("activate", new_kid, "--force")
        wait_for(lambda: header_of(node.obtain())["kid"] == new_kid, "the new key to sign")
        new_token = node.obtain()
        # The same client: the new kid is not in its cached set, so it fetches the set again.
        self.assertEqual(pyjwt_decode(client, new_token)["username"], USERNAME)
        self.assertEqual(pyjwt_decode(client, old_token)["username"], USERNAME)
        self.assertEqual(node.verify(old_token).status_code, 200)
        self.assertEqual(node.verify(new_token).status_code, 200)

        # The old key may still verify live tokens: removing it needs --force.
        refused = node.keys("remove", old_kid, check=False)
        self.assertEqual(refused.returncode, 1)
        self.assertIn("may still verify tokens", refused.stderr)
        node.keys("remove", old_kid, "--force")
        wait_for(lambda: old_kid not in node.published_kids(), "the old key to be withdrawn")
        with self.assertRaises(jwt.PyJWKClientError):
            pyjwt_decode(PyJWKClient(discovery["jwks_uri"]), old_token)
        self.assertEqual(pyjwt_decode(PyJWKClient(discovery["jwks_uri"]), new_token)["username"],
                         USERNAME)
        refused = node.verify(old_token)
        self.assertEqual(refused.status_code, 400)
        self.assertEqual(refused.json(), {"non_field_errors": ["Error decoding signature."]})
        self.assertEqual(node.verify(new_token).status_code, 200)
        refused = node.keys("remove", new_kid, check=False)
        self.assertIn("is the active key", refused.stderr)


class ScheduledRotation(unittest.TestCase):
    def test_two_nodes_rotate_together_and_accept_each_others_tokens(self):
        # Seconds instead of days: a next key 2 s before the active one is 4 s old.
        schedule = ('storage = "database"\nrotate_every = "4s"\npublish_ahead = "2s"\n'
                    'jwks_max_age = 1\npoll_interval = "100ms"\n')
        with tempfile.TemporaryDirectory() as tmp:
            first = Node(tmp + "/a", schedule)
            second = Node(tmp + "/b", schedule, database=first.server.database, users=())
            try:
                seen = set()
                deadline = time.time() + 14
                while time.time() < deadline:
                    for a, b in ((first, second), (second, first)):
                        token = a.obtain()
                        seen.add(header_of(token)["kid"])
                        self.assertEqual(b.verify(token).status_code, 200, header_of(token))
                    ring = first.ring()
                    self.assertEqual(sum(k["state"] == "active" for k in ring), 1, ring)
                    self.assertLessEqual(sum(k["state"] == "next" for k in ring), 1, ring)
                    time.sleep(0.2)
                self.assertGreaterEqual(len(seen), 3, "rotated at least twice")
                ring = first.ring()  # retired keys stay 60 s: the whole history is still there
            finally:
                first.server.stop()
                second.server.stop()
            # Each step was done once, by the node whose write won, however the two raced.
            logs = "".join((n.server.tmp / "server.log").read_text() for n in (first, second))
            self.assertEqual(logs.count("generated as the active key"), 1, logs)
            self.assertEqual(logs.count("generated as the next key"), len(ring) - 1, logs)
            self.assertEqual(logs.count(" activated, "), len(seen) - 1, logs)


class HmacRing(unittest.TestCase):
    def test_hmac_keys_sign_with_a_kid_and_are_never_published(self):
        with tempfile.TemporaryDirectory() as tmp:
            node = Node(tmp, 'storage = "database"\n', algorithm="HS256")
            try:
                token = node.obtain()
                self.assertEqual(header_of(token)["kid"], node.kid("active")[0])
                self.assertEqual(requests.get(node.server.base + "/.well-known/jwks.json",
                                              timeout=10).json(), {"keys": []})
                self.assertEqual(node.verify(token).status_code, 200)
                ring = node.keys("list").stdout
                self.assertNotIn("sealed:", ring)
            finally:
                node.server.stop()


class DirectoryWithKek(unittest.TestCase):
    def test_key_files_are_sealed_and_a_node_without_the_kek_does_not_start(self):
        kek = {"RESTJWT_KEYS__KEK": "a key-encryption key of forty bytes......"}
        with tempfile.TemporaryDirectory() as tmp:
            keys = pathlib.Path(tmp) / "keys"
            keys.mkdir()
            config = f'storage = "directory"\ndirectory = "{keys}"\n'
            node = Node(tmp + "/a", config, algorithm="ES256", env=kek)
            try:
                [kid] = node.kid("active")
                self.assertEqual(header_of(node.obtain())["kid"], kid)
                self.assertEqual(json.loads((keys / "manifest.json").read_text())["keys"][0]["kid"],
                                 kid)
                self.assertTrue((keys / f"{kid}.pem").read_text().startswith("sealed:v1:"))
                self.assertIn("BEGIN PUBLIC KEY", (keys / f"{kid}.pub.pem").read_text())
                self.assertTrue(node.ring()[0]["sealed"])
                checked = subprocess.run(
                    [ARGS.restjwt, "check-config", "--config", str(node.server.config)],
                    env=node.server.env, capture_output=True, text=True, timeout=60)
                self.assertEqual(checked.returncode, 0, checked.stderr)
                self.assertIn(f"# kek = <redacted, {len(kek['RESTJWT_KEYS__KEK'])} bytes>",
                              checked.stdout)
                self.assertNotIn(kek["RESTJWT_KEYS__KEK"], checked.stdout)
                self.assertIn(f"key ring of 1 keys, active {kid}", checked.stdout)
                # Without the KEK the ring's key cannot sign: refused at start, as a config error.
                env = dict(node.server.env)
                del env["RESTJWT_KEYS__KEK"]
                refused = subprocess.run(
                    [ARGS.restjwt, "serve", "--config", str(node.server.config), "--bind",
                     "127.0.0.1:0"], env=env, capture_output=True, text=True, timeout=60)
                self.assertEqual(refused.returncode, 78, refused.stderr)
                self.assertIn(f"the active key {kid} cannot sign", refused.stderr)
                self.assertIn("RESTJWT_KEYS__KEK", refused.stderr)
            finally:
                node.server.stop()


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--restjwt", required=True)
    ARGS, rest = parser.parse_known_args()
    unittest.main(argv=[sys.argv[0]] + rest, verbosity=2)
