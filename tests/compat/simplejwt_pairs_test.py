"""restjwt's [simplejwt] pairs and the real djangorestframework-simplejwt 5.2 (Debian's
python3-djangorestframework-simplejwt) on one database and one secret, SQLite and PostgreSQL:

  - restjwt creates the token_blacklist tables and Django's migrate adopts them;
  - tokens of either side verify on the other, and access tokens of either authenticate `Bearer`
    requests on both;
  - the error answers are byte for byte simplejwt's (obtain, refresh, verify, blacklist, and the
    authentication class's), and the tokens' headers and claim order are the same;
  - a refresh token blacklisted by either side (logout, rotation) is refused by both;
  - a rotated refresh token reused after restjwt's grace window revokes its family, which the
    Django side then refuses too.

  simplejwt_pairs_test.py --restjwt BIN [--source-dir DIR]
The same file is the Django side (`--peer PROJECT COMMAND [JSON]`), a process per command.
"""
import argparse
import base64
import json
import os
import pathlib
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

import django_project

PYTHON = "/usr/bin/python3"  # Debian's, with python3-django and python3-djangorestframework-simplejwt

SETTINGS = django_project.database_settings("PAIRS_DB") + """
import os as _os
SECRET_KEY = _os.environ['PAIRS_SECRET']
INSTALLED_APPS += ['rest_framework', 'rest_framework_simplejwt.token_blacklist']
SIMPLE_JWT = {'ROTATE_REFRESH_TOKENS': True, 'BLACKLIST_AFTER_ROTATION': True}
"""

URLS = """
from django.urls import path
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework_simplejwt import views
from rest_framework_simplejwt.authentication import JWTAuthentication


class Me(APIView):
    authentication_classes = [JWTAuthentication]
    permission_classes = [IsAuthenticated]

    def get(self, request):
        return Response({'username': request.user.username})


urlpatterns = [
    path('api/token/', views.TokenObtainPairView.as_view()),
    path('api/token/refresh/', views.TokenRefreshView.as_view()),
    path('api/token/verify/', views.TokenVerifyView.as_view()),
    path('api/token/blacklist/', views.TokenBlacklistView.as_view()),
    path('api/me/', Me.as_view()),
]
"""


# --- The Django side.

def peer(project, command, argument):
    if command == "create":
        django_project.create(project, SETTINGS)
        with open(os.path.join(project, "proj", "urls.py"), "w") as f:
            f.write(URLS)
        return {"created": True}
    django_project.load(project)
    if command == "migrate":  # [app label]: that app (and what it depends on) only
        from django.core.management import call_command
        call_command("migrate", *json.loads(argument or "[]"), verbosity=0)
        return {"migrated": True}
    from django.test import Client
    # [[method, path, body-or-null, authorization-or-null], …] → [[status, body, www-authenticate]]
    answers = []
    for method, target, body, authorization in json.loads(argument):
        headers = {"HTTP_AUTHORIZATION": authorization} if authorization else {}
        client = Client()
        if method == "POST":
            response = client.post(target, data=json.dumps(body), content_type="application/json",
                                   **headers)
        elif method == "OPTIONS":
            response = client.options(target, **headers)
        else:
            response = client.get(target, **headers)
        answers.append([response.status_code, response.content.decode(),
                        response.get("WWW-Authenticate")])
    return answers


# --- The test side.

class Django:
    def __init__(self, project, env):
        self.project = project
        self.env = env

    def run(self, command, argument=None):
        args = [PYTHON, __file__, "--peer", self.project, command]
        if argument is not None:
            args.append(json.dumps(argument))
        done = subprocess.run(args, env=self.env, capture_output=True, timeout=120)
        assert done.returncode == 0, done.stderr.decode()
        return json.loads(done.stdout)

    def exchange(self, requests):
        return [tuple(answer) for answer in self.run("requests", requests)]

    def post(self, target, body, authorization=None):
        return self.exchange([["POST", target, body, authorization]])[0]


def restjwt_request(base, method, target, body=None, authorization=None):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(base + target, data=data, method=method)
    if data is not None:
        request.add_header("Content-Type", "application/json")
    if authorization:
        request.add_header("Authorization", authorization)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read().decode(), response.headers.get("WWW-Authenticate")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(), error.headers.get("WWW-Authenticate")


def segment(token, index):
    part = token.split(".")[index]
    return json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)),
                      object_pairs_hook=lambda pairs: pairs)


def check(condition, message):
    if not condition:
        raise AssertionError(message)
    print("ok:", message)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--restjwt")
    parser.add_argument("--source-dir", default=str(pathlib.Path(__file__).resolve().parents[2]))
    parser.add_argument("--peer", nargs="+")
    args = parser.parse_args()
    if args.peer:
        project, command = args.peer[0], args.peer[1]
        print(json.dumps(peer(project, command, args.peer[2] if len(args.peer) > 2 else None)))
        return
    with tempfile.TemporaryDirectory(prefix="restjwt-pairs-") as tmp:
        tmp = pathlib.Path(tmp)
        print("== SQLite")
        check_backend(args.restjwt, tmp / "sqlite", None)
        cluster = str(pathlib.Path(args.source_dir) / "scripts" / "pg-cluster")
        pg_dir = str(tmp / "pg")
        url = subprocess.run([cluster, "start", pg_dir], check=True, capture_output=True,
                             text=True).stdout.strip()
        try:
            print("== PostgreSQL")
            check_backend(args.restjwt, tmp / "postgresql", url)
        finally:
            subprocess.run([cluster, "stop", pg_dir], check=False)
    print("simplejwt pairs: all checks passed")


def check_backend(restjwt_bin, tmp, pg_url):
    """With `pg_url`, on that PostgreSQL database (whose auth tables Django makes first: restjwt
    makes Django's schema only in a SQLite file); else on a new SQLite file restjwt makes."""
    sys.path.insert(0, str(pathlib.Path(__file__).parent))
    from restjwt_process import RestjwtServer

    secret = "pairs-secret-" + "x" * 40
    tmp.mkdir(parents=True)
    database = pg_url or f"sqlite:///{tmp / 'restjwt' / 'db.sqlite3'}"
    env = dict(os.environ, PAIRS_SECRET=secret, PAIRS_DB=database)
    django = Django(str(tmp / "django"), env)
    django.run("create")
    if pg_url:
        django.run("migrate", ["auth"])
    restjwt = RestjwtServer(
        restjwt_bin, tmp / "restjwt", secret=secret,
        users=(("alice", "pw-alice"), ("bob", "pw-bob")),
        env={"RESTJWT_DATABASE__URL": pg_url} if pg_url else None,
        extra_toml="[simplejwt]\nenabled = true\nrotate_refresh_tokens = true\n"
                   "blacklist_after_rotation = true\nreuse_grace = 1\n")
    try:
        django.run("migrate")  # adopts the tables restjwt made
        check(True, "Django's migrate adopts the token_blacklist tables restjwt created")
        base = restjwt.base

        def rj(method, target, body=None, authorization=None):
            return restjwt_request(base, method, target, body, authorization)

        login = {"username": "alice", "password": "pw-alice"}
        status, body, _ = rj("POST", "/api/token/", login)
        check(status == 200, f"restjwt obtains a pair ({status} {body})")
        ours = json.loads(body)
        status, body, _ = django.post("/api/token/", login)
        check(status == 200, f"simplejwt obtains a pair for restjwt's user ({status} {body})")
        theirs = json.loads(body)
        check(list(ours) == list(theirs) == ["refresh", "access"], "the same body keys")
        for kind in ("refresh", "access"):
            check(segment(ours[kind], 0) == segment(theirs[kind], 0),
                  f"the same {kind} header: {segment(ours[kind], 0)}")
            check([k for k, _ in segment(ours[kind], 1)] ==
                  [k for k, _ in segment(theirs[kind], 1)],
                  f"the same {kind} claims in order: {[k for k, _ in segment(ours[kind], 1)]}")

        # Each side's tokens on the other side.
        for name, pair, verify in (("restjwt's", ours, django.post), ("simplejwt's", theirs, None)):
            for kind in ("refresh", "access"):
                if verify:
                    answer = verify("/api/token/verify/", {"token": pair[kind]})
                else:
                    answer = rj("POST", "/api/token/verify/", {"token": pair[kind]})
                check(answer[:2] == (200, "{}"), f"{name} {kind} token verifies on the other side")
        answer = django.exchange([["GET", "/api/me/", None, "Bearer " + ours["access"]]])[0]
        check(answer[0] == 200 and '"alice"' in answer[1],
              "restjwt's access token authenticates simplejwt's Bearer view")
        answer = rj("GET", "/api/user/", None, "Bearer " + theirs["access"])
        check(answer[0] == 200 and '"alice"' in answer[1],
              "simplejwt's access token authenticates restjwt's /api/user/")

        # Refusals, byte for byte.
        cases = [
            ["POST", "/api/token/", {"username": "alice", "password": "wrong"}, None],
            ["POST", "/api/token/", {}, None],
            ["POST", "/api/token/", {"username": "", "password": "x"}, None],
            ["POST", "/api/token/refresh/", {"refresh": "garbage"}, None],
            ["POST", "/api/token/refresh/", {"refresh": ours["access"]}, None],
            ["POST", "/api/token/refresh/", {}, None],
            ["POST", "/api/token/verify/", {"token": ours["access"] + "x"}, None],
            ["POST", "/api/token/verify/", {}, None],
            ["POST", "/api/token/blacklist/", {"refresh": ours["access"]}, None],
            ["POST", "/api/token/blacklist/", {"refresh": "a.b.c"}, None],
        ]
        expected = django.exchange(cases)
        for case, theirs_answer in zip(cases, expected):
            mine = rj(*case)
            check(mine == theirs_answer, f"{case[0]} {case[1]} {json.dumps(case[2])[:40]}: "
                                         f"{mine[0]} {mine[1]} (simplejwt: {theirs_answer[:2]})")
        bearer_cases = ["Bearer garbage", "Bearer " + ours["refresh"], "Bearer",
                        "Bearer a b"]
        expected = django.exchange([["GET", "/api/me/", None, h] for h in bearer_cases])
        for header, theirs_answer in zip(bearer_cases, expected):
            mine = rj("GET", "/api/user/", None, header)
            check(mine[:2] == theirs_answer[:2],
                  f"Authorization {header[:20]!r}: {mine[0]} {mine[1]}")

        # Logout on either side is refused by both.
        status, body, _ = rj("POST", "/api/token/", login)
        by_restjwt = json.loads(body)["refresh"]
        check(rj("POST", "/api/token/blacklist/", {"refresh": by_restjwt})[:2] == (200, "{}"),
              "restjwt blacklists (logout)")
        answer = django.post("/api/token/refresh/", {"refresh": by_restjwt})
        check(answer[:2] == (401, '{"detail":"Token is blacklisted","code":"token_not_valid"}'),
              f"simplejwt refuses restjwt's blacklisted token: {answer[:2]}")
        answer = django.post("/api/token/verify/", {"token": by_restjwt})
        check(answer[:2] == (400, '{"non_field_errors":["Token is blacklisted"]}'),
              "simplejwt's verify refuses it too")
        status, body, _ = django.post("/api/token/", login)
        by_django = json.loads(body)["refresh"]
        check(django.post("/api/token/blacklist/", {"refresh": by_django})[:2] == (200, "{}"),
              "simplejwt blacklists (logout)")
        answer = rj("POST", "/api/token/refresh/", {"refresh": by_django})
        check(answer[:2] == (401, '{"detail":"Token is blacklisted","code":"token_not_valid"}'),
              f"restjwt refuses simplejwt's blacklisted token: {answer[:2]}")

        # Rotation on either side blacklists the old token for both.
        status, body, _ = rj("POST", "/api/token/", login)
        first = json.loads(body)["refresh"]
        status, body, _ = django.post("/api/token/refresh/", {"refresh": first})
        check(status == 200 and "refresh" in json.loads(body), "simplejwt rotates restjwt's token")
        answer = rj("POST", "/api/token/refresh/", {"refresh": first})
        check(answer[0] == 401, f"restjwt refuses the token simplejwt rotated: {answer[:2]}")
        status, body, _ = rj("POST", "/api/token/", login)
        first = json.loads(body)["refresh"]
        status, body, _ = rj("POST", "/api/token/refresh/", {"refresh": first})
        second = json.loads(body)["refresh"]
        answer = django.post("/api/token/refresh/", {"refresh": first})
        check(answer[:2] == (401, '{"detail":"Token is blacklisted","code":"token_not_valid"}'),
              "simplejwt refuses the token restjwt rotated")

        # Reuse after the grace window (1 s here) revokes the family on both sides.
        time.sleep(2.2)
        answer = rj("POST", "/api/token/refresh/", {"refresh": first})
        check(answer[:2] == (401, '{"detail":"Token is blacklisted","code":"token_not_valid"}'),
              "restjwt refuses the reused rotated token")
        answer = django.post("/api/token/refresh/", {"refresh": second})
        check(answer[:2] == (401, '{"detail":"Token is blacklisted","code":"token_not_valid"}'),
              "simplejwt refuses the family's newest token after the reuse")
        answer = rj("POST", "/api/token/refresh/", {"refresh": second})
        check(answer[0] == 401, "and so does restjwt")
    finally:
        restjwt.stop()


if __name__ == "__main__":
    main()
