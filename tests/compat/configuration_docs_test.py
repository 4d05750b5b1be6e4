"""docs/configuration.md documents every key restjwt reads.

`restjwt check-config` prints every key of every table (from the one key table the loader uses);
each must have a row in its table's section of the reference, so a new key cannot ship
undocumented. Run by ctest: configuration_docs_test.py --restjwt BINARY --source-dir DIR."""
import argparse
import os
import re
import subprocess
import sys
import tempfile


def printed_keys(restjwt):
    with tempfile.TemporaryDirectory() as work:
        # A database that exists, so that check-config gets past opening it.
        env = dict(os.environ, JWT_SECRET_KEY="s" * 50, DATABASE_URL=f"sqlite:///{work}/db.sqlite3")
        for name in list(env):
            if name.startswith("RESTJWT_") or (name.startswith("JWT_") and name != "JWT_SECRET_KEY"):
                del env[name]
        out = subprocess.run([restjwt, "check-config"], cwd=work, env=env, capture_output=True,
                             text=True).stdout
    table, keys = None, []
    for line in out.splitlines():
        header = re.fullmatch(r"\[(\w+)\]", line)
        if header:
            table = header.group(1)
            continue
        key = re.match(r"#?\s*(\w+) (?:=|is not set)", line)
        if key and table:
            keys.append((table, key.group(1)))
    return keys


def documented_keys(doc):
    sections = {m.group(1): m.group(2) for m in
                re.finditer(r"^## `\[(\w+)\]`\n(.*?)(?=^## |\Z)", doc, re.M | re.S)}
    found = set()
    for table, body in sections.items():
        for row in re.finditer(r"^\| ([^|]*)\|", body, re.M):
            found.update((table, name) for name in re.findall(r"`(\w+)`", row.group(1)))
    return found


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--restjwt", required=True)
    parser.add_argument("--source-dir", required=True)
    args = parser.parse_args()
    keys = printed_keys(args.restjwt)
    if len(keys) < 50:
        sys.exit(f"check-config printed only {len(keys)} keys: its output changed shape")
    with open(os.path.join(args.source_dir, "docs", "configuration.md")) as f:
        documented = documented_keys(f.read())
    missing = [f"[{table}] {key}" for table, key in keys if (table, key) not in documented]
    if missing:
        sys.exit("docs/configuration.md has no row for: " + ", ".join(missing))
    print(f"ok: all {len(keys)} keys documented")


if __name__ == "__main__":
    main()
