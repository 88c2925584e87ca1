"""Run the numerically sensitive tests under each OpenBLAS kernel family
this CPU can run: Haswell (AVX2) and, where the CPU has AVX-512, SkylakeX;
the first with skebp's compiled epoch, the second on the numpy path
(``SKEBP_COMPILED=0``).

OpenBLAS picks its kernels by CPU, and each family rounds differently: a
threshold or tolerance that holds under one may sit within rounding of
another.  CI runs this after the suite (``.ci/run``); run it by hand with
``python tools/check_blas_kernels.py``.  It exits non-zero if any run fails,
and says which kernels it ran (checked with threadpoolctl in each run).
"""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: Tests whose outcome depends on floating-point rounding: golden files,
#: score thresholds, float32 against float64, finite differences.
SENSITIVE = [
    "tests/test_golden.py",
    "tests/test_estimators.py",
    "tests/test_layers.py",
    "tests/test_solvers.py",
    "tests/test_rates.py",
    "tests/test_reliability.py",
    "tests/test_network.py",
    "tests/test_curvature.py",
    "tests/test_normalization.py",
]
#: Kernel family -> the CPU flag it needs.
KERNELS = {"Haswell": "avx2", "SkylakeX": "avx512f"}

PROBE = (
    "import numpy, threadpoolctl; "
    "print(threadpoolctl.threadpool_info()[0].get('architecture'))"
)


def cpu_flags():
    try:
        text = Path("/proc/cpuinfo").read_text()
    except OSError:
        return set()
    for line in text.splitlines():
        if line.startswith("flags"):
            return set(line.split(":", 1)[1].split())
    return set()


def runs(flags):
    """``(kernel family, SKEBP_COMPILED)`` of each run: the families this CPU
    can run, the first with skebp's compiled epoch (when numba is installed)
    and the next on the numpy path, so that CI runs these tests both ways."""
    available = []
    for kernel, flag in KERNELS.items():
        if flag in flags:
            available.append(kernel)
        else:
            print(f"{kernel}: skipped, this CPU lacks {flag}", flush=True)
    plan = [(k, "1" if i % 2 == 0 else "0") for i, k in enumerate(available)]
    if len(plan) == 1:
        plan.append((plan[0][0], "0"))
    return plan


def main():
    failed = []
    for kernel, compiled in runs(cpu_flags()):
        env = {**os.environ, "OPENBLAS_CORETYPE": kernel, "SKEBP_COMPILED": compiled}
        ran = subprocess.run(
            [sys.executable, "-c", PROBE], env=env, capture_output=True, text=True
        ).stdout.strip()
        path = "compiled epoch where it applies" if compiled == "1" else "numpy path"
        print(f"{kernel}: OpenBLAS runs its {ran} kernels; skebp: {path}", flush=True)
        code = subprocess.call(
            [
                sys.executable,
                "-m",
                "pytest",
                "-q",
                "-p",
                "no:cacheprovider",
                *SENSITIVE,
            ],
            cwd=ROOT,
            env=env,
        )
        if code != 0:
            failed.append(f"{kernel} ({path})")
    if failed:
        print(f"failed under: {', '.join(failed)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
