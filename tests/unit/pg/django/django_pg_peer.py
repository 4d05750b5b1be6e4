"""tests/unit/store/django/django_peer.py, on PostgreSQL: the same commands, with the project's
default database pointed at the URL in the environment variable PG_URL (given to every command,
since settings.py reads it each time). Run with Debian's /usr/bin/python3 (python3-django and
python3-psycopg2)."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                '..', '..', 'store', 'django'))
import django_peer  # noqa: E402

django_peer.SETTINGS += """
from urllib.parse import urlparse as _urlparse
_pg = _urlparse(_os.environ['PG_URL'])
DATABASES['default'] = {
    'ENGINE': 'django.db.backends.postgresql', 'NAME': _pg.path.lstrip('/'),
    'USER': _pg.username, 'PASSWORD': _pg.password or '', 'HOST': _pg.hostname,
    'PORT': str(_pg.port),
}
"""

if __name__ == '__main__':
    django_peer.main()
