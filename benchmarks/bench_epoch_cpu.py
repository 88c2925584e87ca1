"""CPU time of an epoch with and without skebp's compiled kernel, one BLAS
thread.

``bench_epoch.py`` measures wall time with BLAS on every core; there the
threads BLAS leaves spinning between products compete with the compiled
loops.  This script sets ``OPENBLAS_NUM_THREADS=1`` before numpy loads and
counts process CPU seconds (``time.process_time``), so that it measures the
work each path does: fits of EBPClassifier((100,), "relu", batch 200, L2
1e-4) on the same 20,000 x 784 synthetic data, ``--epochs`` epochs, with
the compiled epoch on and off in alternating order, ``--repeats`` rounds.
Prints the median of the per-round ratios [min, max] for each solver and
dtype.

Run: python benchmarks/bench_epoch_cpu.py [--epochs 3] [--repeats 7]
"""

import os

os.environ["OPENBLAS_NUM_THREADS"] = "1"  # before numpy loads BLAS

import time  # noqa: E402

import numpy as np  # noqa: E402
from _timing import epoch_parser, fit_seconds, fixed_epochs  # noqa: E402

from skebp import EBPClassifier  # noqa: E402


def cpu_seconds(model, X, y, compiled):
    """CPU seconds of one fit, with the compiled epoch on or off."""
    return fit_seconds(model, X, y, clock=time.process_time, compiled=compiled)


def main(argv=None):
    args = epoch_parser(__doc__, epochs=3, repeats=7).parse_args(argv)
    rng = np.random.RandomState(0)
    X = rng.normal(size=(20_000, 784))
    y = (X[:, :10] @ rng.normal(size=(10, 10))).argmax(axis=1)
    print(
        f"20000 x 784, (100,) relu, batch 200, {args.epochs} epochs, one BLAS "
        f"thread, {args.repeats} rounds: compiled / numpy CPU seconds, median "
        "of the per-round ratios [min, max]"
    )
    for solver, rate in (("momentum", 0.01), ("sgd", 0.01), ("adam", 0.001)):
        for dtype in (np.float64, np.float32):
            model = EBPClassifier(
                (100,),
                "relu",
                solver=solver,
                batch_size=200,
                whitening="none",
                learning_rate_init=rate,
                alpha=1e-4,
                **fixed_epochs(args.epochs),
            )
            Xd = X.astype(dtype)
            cpu_seconds(model, Xd, y, True)  # load (or compile) the kernel
            times = {True: [], False: []}
            for r in range(args.repeats):
                for compiled in (True, False) if r % 2 else (False, True):
                    times[compiled].append(cpu_seconds(model, Xd, y, compiled))
            ratio = np.asarray(times[True]) / np.asarray(times[False])
            print(
                f"  {solver:8s} {np.dtype(dtype).name}: {np.median(ratio):.3f} "
                f"[{ratio.min():.3f}, {ratio.max():.3f}]; numpy path "
                f"{np.median(times[False]) / args.epochs:.3f} s/epoch"
            )


if __name__ == "__main__":
    main()
