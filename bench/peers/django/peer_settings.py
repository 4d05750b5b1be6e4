# The Django peer of BENCHMARKS.md: Django 3.2 + DRF + djangorestframework-simplejwt from Debian,
# the stack restjwt's performance targets are measured against. One SQLite file, no middleware
# beyond what authentication needs, PBKDF2 at restjwt's (and Django 5.2's) 1,000,000 iterations.
import os

from django.contrib.auth.hashers import PBKDF2PasswordHasher

BASE = os.environ["PEER_DIR"]
SECRET_KEY = os.environ.get("PEER_SECRET", "x" * 50)
DEBUG = False
ALLOWED_HOSTS = ["*"]
ROOT_URLCONF = "peer_urls"
USE_TZ = True
INSTALLED_APPS = ["django.contrib.contenttypes", "django.contrib.auth", "rest_framework"]
MIDDLEWARE = []
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": os.path.join(BASE, "peer.sqlite3")}}
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"
PASSWORD_HASHERS = ["peer_settings.Pbkdf2Million"]
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework_simplejwt.authentication.JWTAuthentication"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
}
SIMPLE_JWT = {"AUTH_HEADER_TYPES": ("JWT",)}


class Pbkdf2Million(PBKDF2PasswordHasher):
    iterations = 1_000_000
