"""First-fit overhead of the compiled epoch (``skebp[fast]``, numba).

Each measurement runs in a fresh Python process and times one small fit
(digits, (30,) units, 1 epoch, float64 then float32) after the imports:

- "cold": an empty numba cache (``NUMBA_CACHE_DIR`` a new directory), so the
  kernel compiles, as on the first fit after installing;
- "warm": the same cache again, as on every later run (numba loads the
  machine code from disk);
- "numpy": the kernel turned off (``SKEBP_COMPILED=0``).

The overhead of the first fit is its time minus the numpy path's.

Run: python benchmarks/bench_compile.py [--repeats 3]
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile

import numpy as np

CHILD = r"""
import json, time, warnings
warnings.simplefilter("ignore")
import numpy as np
from sklearn.datasets import load_digits
from skebp import EBPClassifier
X, y = load_digits(return_X_y=True)
out = {}
for dtype in ("float64", "float32"):
    t = time.perf_counter()
    EBPClassifier((30,), solver="momentum", max_iter=1, random_state=0).fit(
        X.astype(dtype), y)
    out[dtype] = time.perf_counter() - t
print(json.dumps(out))
"""


def run(env):
    """Seconds of the first fit in each dtype, in a fresh process."""
    done = subprocess.run(
        [sys.executable, "-c", CHILD],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    try:
        import numba  # noqa: F401
    except ImportError:
        sys.exit('numba is not installed: pip install "skebp[fast]"')
    rows = {"cold": [], "warm": [], "numpy": []}
    for _ in range(args.repeats):
        with tempfile.TemporaryDirectory() as cache:
            env = {"NUMBA_CACHE_DIR": cache, "SKEBP_COMPILED": "1"}
            rows["cold"].append(run(env))
            rows["warm"].append(run(env))
        rows["numpy"].append(run({"SKEBP_COMPILED": "0"}))
    print(
        f"first fit after the imports, seconds (median of {args.repeats} fresh "
        "processes [min, max]):"
    )
    for dtype in ("float64", "float32"):
        base = np.median([r[dtype] for r in rows["numpy"]])
        for kind, runs in rows.items():
            t = np.array([r[dtype] for r in runs])
            extra = "" if kind == "numpy" else f"  overhead {np.median(t) - base:.2f}"
            print(
                f"  {dtype} {kind:5s} {np.median(t):6.2f} "
                f"[{t.min():.2f}, {t.max():.2f}]{extra}"
            )


if __name__ == "__main__":
    main()
