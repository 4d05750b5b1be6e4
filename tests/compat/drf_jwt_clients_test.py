#!/usr/bin/python3
"""The typical drf-jwt clients, unchanged, against a running `restjwt serve`.

tests/clients/python_client.py (a `requests` script) and tests/clients/js_client.js (the browser's
`authenticateUser` / `makeAuthenticatedRequest`) are the clients as drf-jwt's documentation shows
them; only the base URL and the protected path are adjusted here. Also checks PyJWT interop with
the server's tokens both ways.
Run by ctest (label compat) with --restjwt BUILD/restjwt --clients-dir tests/clients.
"""
import argparse
import base64
import hashlib
import json
import os
import pathlib
import secrets
import subprocess
import sys
import tempfile
import time
import unittest

import jwt  # Debian's python3-jwt
from restjwt_process import RestjwtServer
import requests  # Debian's python3-requests

ARGS = None
USERNAME, PASSWORD = "testuser", "testpass123"


# SHA-256 of each documented client's non-blank lines, stripped and joined by "\n" (the text as
# drf-jwt's documentation shows it): the committed files must stay those clients.
CLIENT_DIGESTS = {
    "python_client.py": "92b60db7bfc376f78e26f8dbea905d2860b02183c6687981f257b599892a2a08",
    "js_client.js": "ecfc701e8decea307f265f0ca1462988550af3bbef38d66cb5dbc74315089cc6",
}


def client_code(name):
    """The client's code: the file after its header comment (which ends at the first blank line)."""
    return (pathlib.Path(ARGS.clients_dir) / name).read_text().split("\n\n", 1)[1]


def lines_digest(text):
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()


class DrfJwtClients(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.server = RestjwtServer(ARGS.restjwt, cls.tmp.name, jwt_auth="JWT_ALLOW_REFRESH = true",
                                   users=((USERNAME, PASSWORD),))

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        cls.tmp.cleanup()

    def test_client_files_are_the_documented_clients(self):
        for name, digest in CLIENT_DIGESTS.items():
            with self.subTest(name):
                self.assertEqual(lines_digest(client_code(name)), digest)

    def run_python_client(self, password):
        script = client_code("python_client.py")
        script = script.replace("http://localhost:8000", self.server.base)
        script = script.replace("/api/protected-endpoint/", "/api/user/")
        script = script.replace("'testpass123'", repr(password))
        return subprocess.run(["/usr/bin/python3", "-c", script], capture_output=True, text=True, timeout=60)

    def test_python_requests_client_as_documented(self):
        run = self.run_python_client(PASSWORD)
        self.assertEqual(run.returncode, 0, run.stderr)
        self.assertIn("Token obtained: ey", run.stdout)
        self.assertIn("Token is valid", run.stdout)
        self.assertIn("API Response: 200", run.stdout)

    def test_python_client_sees_the_drf_error_body(self):
        run = self.run_python_client("wrong")
        self.assertEqual(run.returncode, 0, run.stderr)
        self.assertIn("Authentication failed: {'non_field_errors': ['Unable to log in with provided credentials.']}",
                      run.stdout)

    def test_javascript_fetch_client_as_documented(self):
        functions = client_code("js_client.js")
        harness = f"""
const BASE = {json.dumps(self.server.base)};
const realFetch = globalThis.fetch;
globalThis.fetch = (url, options) => realFetch(new URL(url, BASE), options);  // the base URL
const saved = new Map();
globalThis.localStorage = {{ getItem: (k) => saved.has(k) ? saved.get(k) : null,
                             setItem: (k, v) => saved.set(k, String(v)) }};
function getCsrfToken() {{ return ''; }}  // the token views are CSRF-exempt, as in DRF
{functions}
(async () => {{
  const token = await authenticateUser({{ username: {json.dumps(USERNAME)}, password: {json.dumps(PASSWORD)} }});
  const response = await makeAuthenticatedRequest('/api/user/');
  console.log('token', token.split('.').length, 'status', response.status, await response.text());
  try {{
    await authenticateUser({{ username: {json.dumps(USERNAME)}, password: 'wrong' }});
    console.log('no error');
  }} catch (error) {{
    console.log('rejected', error.message);
  }}
}})();
"""
        run = subprocess.run(["node", "-e", harness], capture_output=True, text=True, timeout=60)
        self.assertEqual(run.returncode, 0, run.stderr)
        self.assertIn('token 3 status 200 {"user_id":1,"username":"testuser","email":"testuser@example.com"}', run.stdout)
        self.assertIn('rejected Authentication failed: {"non_field_errors":["Unable to log in with provided credentials."]}',
                      run.stdout)

    def test_server_tokens_verify_in_pyjwt(self):
        response = requests.post(self.server.base + "/api-token-auth/",
                                 json={"username": USERNAME, "password": PASSWORD}, timeout=10)
        self.assertEqual(response.status_code, 200)
        token = response.json()["token"]
        header = json.loads(base64.urlsafe_b64decode(token.split(".")[0] + "=="))
        self.assertEqual(list(header), ["typ", "alg"])
        payload = jwt.decode(token, self.server.secret, algorithms=["HS256"])
        self.assertEqual(list(payload), ["user_id", "username", "exp", "email", "orig_iat"])
        self.assertEqual(payload["username"], USERNAME)

    def test_pyjwt_tokens_authenticate(self):
        now = int(time.time())
        payload = {"user_id": 1, "username": USERNAME, "exp": now + 60, "email": "testuser@example.com",
                   "orig_iat": now}
        token = jwt.encode(payload, self.server.secret, algorithm="HS256")
        user = requests.get(self.server.base + "/api/user/", headers={"Authorization": f"JWT {token}"}, timeout=10)
        self.assertEqual(user.status_code, 200, user.text)
        self.assertEqual(user.json()["username"], USERNAME)
        refreshed = requests.post(self.server.base + "/api-token-refresh/", data={"token": token}, timeout=10)
        self.assertEqual(refreshed.status_code, 200, refreshed.text)
        self.assertEqual(jwt.decode(refreshed.json()["token"], self.server.secret, algorithms=["HS256"])["orig_iat"], now)
        forged = jwt.encode(payload, "another-secret-" * 3, algorithm="HS256")
        refused = requests.get(self.server.base + "/api/user/", headers={"Authorization": f"JWT {forged}"}, timeout=10)
        self.assertEqual((refused.status_code, refused.json()), (401, {"detail": "Error decoding signature."}))


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--restjwt", required=True)
    parser.add_argument("--clients-dir", required=True)
    ARGS, rest = parser.parse_known_args()
    unittest.main(argv=[sys.argv[0]] + rest, verbosity=2)
