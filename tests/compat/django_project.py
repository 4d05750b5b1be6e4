"""A throwaway Django project for the compat tests that run the real Django beside restjwt on one
database (django_neighbour_test.py, simplejwt_pairs_test.py)."""
import os
import subprocess
import sys

PYTHON = "/usr/bin/python3"  # Debian's, with Debian's Django


def database_settings(variable):
    """settings.py lines that point DATABASES at the database URL in environment `variable`
    (sqlite:///path or postgresql://user:password@host:port/name), as restjwt reads it."""
    return f"""
import os as _os
from urllib.parse import urlparse as _urlparse
ALLOWED_HOSTS = ['testserver']
_url = _os.environ['{variable}']
if _url.startswith('sqlite:///'):
    DATABASES = {{'default': {{'ENGINE': 'django.db.backends.sqlite3', 'NAME': _url[len('sqlite:///'):]}}}}
else:
    _pg = _urlparse(_url)
    DATABASES = {{'default': {{'ENGINE': 'django.db.backends.postgresql',
                             'NAME': _pg.path.lstrip('/'), 'USER': _pg.username,
                             'PASSWORD': _pg.password or '', 'HOST': _pg.hostname,
                             'PORT': str(_pg.port)}}}}
"""


def create(project, settings):
    """`django-admin startproject proj` in `project`, with `settings` appended to its settings."""
    os.makedirs(project, exist_ok=True)
    subprocess.run([PYTHON, "-m", "django", "startproject", "proj", project], check=True)
    with open(os.path.join(project, "proj", "settings.py"), "a") as f:
        f.write(settings)


def load(project):
    """Sets this process up as the project's Django."""
    sys.path.insert(0, project)
    os.environ["DJANGO_SETTINGS_MODULE"] = "proj.settings"
    import django
    django.setup()
