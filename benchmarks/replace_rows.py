"""Replace rows of a committed results file by rows run again.

The rows of NEW (JSON lines) take the place of the rows of FILE with the
same (data set, seed), in FILE's order; a row of NEW that FILE lacks is an
error.  Used when a change of the code alters the fits of a few data sets
only (the others' are the same to the bit) and their rows are run again
with the same command and candidate.  The old file is kept as FILE.old.

Run: python benchmarks/replace_rows.py FILE NEW
"""

import json
import os
import shutil
import sys


def _key(line):
    row = json.loads(line)
    return row["dataset"], row["seed"]


def main():
    path, new_path = sys.argv[1:3]
    new = {_key(line): line.rstrip("\n") + "\n" for line in open(new_path)}
    lines = open(path).readlines()
    keys = [_key(line) for line in lines]
    missing = sorted(set(new) - set(keys))
    if missing:
        raise SystemExit(f"{path} has no row of {missing[0]}")
    shutil.copy2(path, path + ".old")
    tmp = path + ".tmp"
    with open(tmp, "w") as out:
        out.writelines(new.get(k, line) for k, line in zip(keys, lines))
    os.replace(tmp, path)
    print(f"{path}: {len(new)} of {len(lines)} rows replaced")


if __name__ == "__main__":
    main()
