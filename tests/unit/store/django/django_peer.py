"""The real Django 3.2 on the other side of restjwt's SQLite store.

Run with Debian's /usr/bin/python3 (python3-django). Every command prints one JSON object.

  django_peer.py DIR create [--custom]  startproject in DIR, fast PBKDF2 hashers, migrate;
                                        --custom adds an `accounts` app whose user model logs in
                                        by email, has a UUID key and a UUID jwt_secret
                                        (makemigrations writes its migration)
  django_peer.py DIR seed               users made with the ORM: fresh, legacy and weaker hashes,
                                        inactive, unusable, superuser, group member, admin log
  django_peer.py DIR check JSON         authenticate() each {"name": "password"} of JSON and
                                        report the users as Django reads them
  django_peer.py DIR migrate            migrate (a database restjwt created: Django adopts it)

The database is DIR/db.sqlite3 unless the environment sets DB_PATH.
"""
import json
import os
import subprocess
import sys

ITERATIONS = 1000  # small for speed; restjwt's tests configure the same

SETTINGS = f"""
import os as _os
DATABASES['default']['NAME'] = _os.environ.get('DB_PATH', str(BASE_DIR / 'db.sqlite3'))
PASSWORD_HASHERS = ['proj.hashers.FastPBKDF2', 'proj.hashers.FastPBKDF2SHA1']
"""

HASHERS = f"""
from django.contrib.auth.hashers import PBKDF2PasswordHasher, PBKDF2SHA1PasswordHasher


class FastPBKDF2(PBKDF2PasswordHasher):
    iterations = {ITERATIONS}


class FastPBKDF2SHA1(PBKDF2SHA1PasswordHasher):
    iterations = {ITERATIONS}
"""

ACCOUNTS_MODELS = """
import uuid

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models


class UserManager(BaseUserManager):
    def create_user(self, email, password=None, **extra):
        user = self.model(email=self.normalize_email(email), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user


class User(AbstractBaseUser, PermissionsMixin):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    email = models.EmailField(unique=True)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False)
    jwt_secret = models.UUIDField(default=uuid.uuid4)

    USERNAME_FIELD = 'email'
    objects = UserManager()
"""


def manage(project, *args):
    subprocess.run([sys.executable, 'manage.py', *args, '-v0'], cwd=project, check=True)


def create(project, custom):
    os.makedirs(project, exist_ok=True)
    subprocess.run([sys.executable, '-m', 'django', 'startproject', 'proj', project], check=True)
    with open(os.path.join(project, 'proj', 'hashers.py'), 'w') as f:
        f.write(HASHERS)
    settings = SETTINGS
    if custom:
        app = os.path.join(project, 'accounts')
        os.makedirs(os.path.join(app, 'migrations'))
        for name, text in (('__init__.py', ''), ('models.py', ACCOUNTS_MODELS),
                           (os.path.join('migrations', '__init__.py'), '')):
            with open(os.path.join(app, name), 'w') as f:
                f.write(text)
        settings += "INSTALLED_APPS += ['accounts']\nAUTH_USER_MODEL = 'accounts.User'\n"
    with open(os.path.join(project, 'proj', 'settings.py'), 'a') as f:
        f.write(settings)
    if custom:
        manage(project, 'makemigrations', 'accounts')
    manage(project, 'migrate')
    return {'created': project}


def setup_django(project):
    sys.path.insert(0, project)
    os.environ['DJANGO_SETTINGS_MODULE'] = 'proj.settings'
    import django
    django.setup()


def seed(project):
    setup_django(project)
    from django.contrib.admin.models import ADDITION, LogEntry
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import PBKDF2PasswordHasher, make_password
    from django.contrib.auth.models import Group
    from django.contrib.contenttypes.models import ContentType
    User = get_user_model()
    custom = User.USERNAME_FIELD == 'email'
    name = (lambda n: n + '@example.com') if custom else (lambda n: n)

    def make(n, password, **extra):
        if custom:
            return User.objects.create_user(name(n), password, **extra)
        return User.objects.create_user(n, n + '@example.com', password, **extra)

    alice = make('alice', 'alice-pw')
    bob = make('bob', None)
    bob.password = make_password('bob-pw', hasher='pbkdf2_sha1')  # another algorithm
    bob.save()
    eve = make('eve', None)
    hasher = PBKDF2PasswordHasher()
    eve.password = hasher.encode('eve-pw', hasher.salt(), iterations=ITERATIONS // 2)
    eve.save()
    make('carol', 'carol-pw', is_active=False)
    make('dave', None)  # unusable password
    make('root', 'root-pw', is_staff=True, is_superuser=True)
    if not custom:
        alice.first_name = 'Alice'
        alice.save()
    group = Group.objects.create(name='editors')
    alice.groups.add(group)
    LogEntry.objects.log_action(alice.pk, ContentType.objects.get_for_model(Group).pk,
                                group.pk, 'editors', ADDITION)
    return {'users': {u.get_username(): str(u.pk) for u in User.objects.all()}}


def check(project, logins):
    setup_django(project)
    from django.contrib.admin.models import LogEntry
    from django.contrib.auth import authenticate, get_user_model
    User = get_user_model()
    field = User.USERNAME_FIELD
    result = {
        'logins': {n: authenticate(**{field: n, 'password': p}) is not None
                   for n, p in json.loads(logins).items()},
        'users': {},
        'group_links': User.groups.through.objects.count(),
        'log_entries': LogEntry.objects.count(),
    }
    for user in User.objects.all():
        result['users'][user.get_username()] = {
            'pk': str(user.pk),
            'hash': '$'.join(user.password.split('$')[:2]),
            'is_active': user.is_active,
            'is_staff': user.is_staff,
            'is_superuser': user.is_superuser,
            'last_login': user.last_login.isoformat() if user.last_login else None,
            'date_joined': user.date_joined.isoformat() if hasattr(user, 'date_joined') else None,
            'jwt_secret': str(user.jwt_secret) if hasattr(user, 'jwt_secret') else None,
        }
    return result


def main():
    project, command = sys.argv[1], sys.argv[2]
    if command == 'create':
        out = create(project, '--custom' in sys.argv[3:])
    elif command == 'seed':
        out = seed(project)
    elif command == 'check':
        out = check(project, sys.argv[3])
    elif command == 'migrate':
        manage(project, 'migrate')
        out = {'migrated': True}
    else:
        sys.exit(f'unknown command {command}')
    print(json.dumps(out))


if __name__ == '__main__':
    main()
