#!/usr/bin/python3
"""Django's own password hashers as a golden oracle for restjwt's (tests/unit/hashers).

Run with Debian's /usr/bin/python3 (python3-django 3.2, python3-argon2, python3-bcrypt).
Reads JSON on stdin:
  {"options": {"pbkdf2_iterations": 1000, "argon2": [t, m, p], "bcrypt_rounds": 4,
               "scrypt": [n, r, p]},
   "jobs": [{"hashers": ["pbkdf2_sha256", ...],   # PASSWORD_HASHERS order, first = preferred
             "make":  [{"password": "...", "hasher": "argon2", "salt": null}, ...],
             "check": [{"password": "...", "encoded": "..."}, ...]}, ...]}
and writes {"results": [{"made": ["<encoded>", ...],
                         "checked": [{"matches": b, "upgraded": b, "error": "..."?}, ...]}]}.
"error" is set when Django itself raises (malformed encodings: Django answers with a 500).
"""
import base64
import hashlib
import json
import sys

from django.conf import settings

request = json.load(sys.stdin)
options = request.get("options", {})
settings.configure(SECRET_KEY="restjwt-tests", PASSWORD_HASHERS=[])

from django.contrib.auth import hashers as dj  # noqa: E402  (needs settings first)
from django.utils.crypto import constant_time_compare  # noqa: E402


class PBKDF2(dj.PBKDF2PasswordHasher):
    iterations = options.get("pbkdf2_iterations", 1000)


class PBKDF2SHA1(dj.PBKDF2SHA1PasswordHasher):
    iterations = options.get("pbkdf2_iterations", 1000)


class Argon2(dj.Argon2PasswordHasher):
    time_cost, memory_cost, parallelism = options.get("argon2", [2, 102400, 8])


class BCryptSHA256(dj.BCryptSHA256PasswordHasher):
    rounds = options.get("bcrypt_rounds", 12)


class BCrypt(dj.BCryptPasswordHasher):
    rounds = options.get("bcrypt_rounds", 12)


class Scrypt(dj.BasePasswordHasher):
    """Django 3.2 (Debian 12's) has no ScryptPasswordHasher: this is Django 4.0's, restated
    (same format "scrypt$N$salt$r$p$b64(key)", dklen 64, same must_update, no harden_runtime)."""

    algorithm = "scrypt"
    work_factor, block_size, parallelism = options.get("scrypt", [2**14, 8, 1])
    maxmem = 0

    def encode(self, password, salt, n=None, r=None, p=None):
        assert password is not None and salt and "$" not in salt
        n, r, p = n or self.work_factor, r or self.block_size, p or self.parallelism
        key = hashlib.scrypt(password.encode(), salt=salt.encode(), n=n, r=r, p=p,
                             maxmem=self.maxmem, dklen=64)
        key = base64.b64encode(key).decode("ascii").strip()
        return "%s$%d$%s$%d$%d$%s" % (self.algorithm, n, salt, r, p, key)

    def decode(self, encoded):
        algorithm, n, salt, r, p, key = encoded.split("$", 6)
        assert algorithm == self.algorithm
        return {"work_factor": int(n), "salt": salt, "block_size": int(r),
                "parallelism": int(p), "hash": key}

    def verify(self, password, encoded):
        d = self.decode(encoded)
        again = self.encode(password, d["salt"], d["work_factor"], d["block_size"],
                            d["parallelism"])
        return constant_time_compare(encoded, again)

    def must_update(self, encoded):
        d = self.decode(encoded)
        return (d["work_factor"] != self.work_factor or d["block_size"] != self.block_size
                or d["parallelism"] != self.parallelism)

    def harden_runtime(self, password, encoded):
        pass


CLASSES = {
    "pbkdf2_sha256": "__main__.PBKDF2",
    "pbkdf2_sha1": "__main__.PBKDF2SHA1",
    "argon2": "__main__.Argon2",
    "bcrypt_sha256": "__main__.BCryptSHA256",
    "bcrypt": "__main__.BCrypt",
    "scrypt": "__main__.Scrypt",
    "md5": "django.contrib.auth.hashers.MD5PasswordHasher",
    "sha1": "django.contrib.auth.hashers.SHA1PasswordHasher",
    "unsalted_md5": "django.contrib.auth.hashers.UnsaltedMD5PasswordHasher",
    "unsalted_sha1": "django.contrib.auth.hashers.UnsaltedSHA1PasswordHasher",
}


def run(job):
    settings.PASSWORD_HASHERS = [CLASSES[name] for name in job["hashers"]]
    dj.get_hashers.cache_clear()
    dj.get_hashers_by_algorithm.cache_clear()
    made = [dj.make_password(item["password"], item.get("salt"), item["hasher"])
            for item in job.get("make", [])]
    checked = []
    for item in job.get("check", []):
        upgraded = []
        try:
            matches = dj.check_password(item["password"], item["encoded"],
                                        setter=upgraded.append)
            checked.append({"matches": bool(matches), "upgraded": bool(upgraded)})
        except Exception as error:  # Django raises on some malformed encodings
            checked.append({"matches": False, "upgraded": False,
                            "error": type(error).__name__})
    return {"made": made, "checked": checked}


json.dump({"results": [run(job) for job in request["jobs"]]}, sys.stdout)
