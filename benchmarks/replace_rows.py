"""Replace rows of a committed results file by rows run again.

The rows of NEW (JSON lines) take the place of the rows of FILE with the
same (data set, seed), in FILE's order; a row of NEW that FILE lacks is an
error.  Used when a change of the code alters the fits of a few data sets
only (the others' are the same to the bit) and their rows are run again
with the same command and candidate.  The old file is kept as FILE.old.

With ``--fields NAME [NAME ...]``, only those fields of the matching rows
are taken from NEW (a name ending in ``=`` takes every field that starts
with it, e.g. ``activation=``), the others kept: when a change alters some
of the configurations a row holds (the seventeenth round: the classifier's
defaults and the changes that keep Adam at its ``"auto"`` rate, not the
other solvers).

Run: python benchmarks/replace_rows.py FILE NEW [--fields NAME ...]
"""

import json
import os
import shutil
import sys


def _key(line):
    row = json.loads(line)
    return row["dataset"], row["seed"]


def _taken(name, fields):
    return any(name == f or (f.endswith("=") and name.startswith(f)) for f in fields)


def _merged(line, new_line, fields):
    """``line`` with the ``fields`` of ``new_line`` (all of it without)."""
    if fields is None:
        return new_line
    row, new = json.loads(line), json.loads(new_line)
    taken = {k: v for k, v in new.items() if _taken(k, fields)}
    if not taken:
        raise SystemExit(f"{_key(new_line)}: none of the fields {fields}")
    return json.dumps({**row, **taken}) + "\n"


def main():
    path, new_path = sys.argv[1:3]
    fields = None
    if len(sys.argv) > 3:
        if sys.argv[3] != "--fields" or len(sys.argv) == 4:
            raise SystemExit("usage: replace_rows.py FILE NEW [--fields NAME ...]")
        fields = sys.argv[4:]
    new = {_key(line): line.rstrip("\n") + "\n" for line in open(new_path)}
    lines = open(path).readlines()
    keys = [_key(line) for line in lines]
    missing = sorted(set(new) - set(keys))
    if missing:
        raise SystemExit(f"{path} has no row of {missing[0]}")
    shutil.copy2(path, path + ".old")
    tmp = path + ".tmp"
    with open(tmp, "w") as out:
        out.writelines(
            _merged(line, new[k], fields) if k in new else line
            for k, line in zip(keys, lines)
        )
    os.replace(tmp, path)
    print(f"{path}: {len(new)} of {len(lines)} rows replaced")


if __name__ == "__main__":
    main()
