"""Levenberg-Marquardt and L-BFGS against pyrenn, MINPACK and scikit-learn.

1. pyrenn (pure-numpy LM, ``pip install pyrenn``): the same 1-10-1 tanh
   network fitting 200 noisy samples of sin(2x), 50 iterations each; target
   time ratio <= 0.05 at equal or lower training error.
2. scipy.optimize.least_squares(method="lm") (MINPACK) on the same network,
   given the analytic Jacobian (skebp's vectorised one): time for skebp's LM
   to reach MINPACK's final training MSE; target ratio <= 0.2.
3. solver="lbfgs": time per iteration against MLPClassifier(solver="lbfgs")
   on digits, (100,) relu, 100 iterations; target ratio <= 0.7.
4. The memory one LM iteration allocates on 200,000 samples and ~450
   parameters (target: a few hundred MB).
5. LM run to convergence with each damping (Nielsen's, the default, and
   trainlm's) against MINPACK over 10 seeds of the 1-10-1 problem with
   noise 0.05: median MSE and median time; target: skebp's median MSE at
   most MINPACK's in at most 0.2 x its median time.

All measured in one run, the contenders interleaved over rounds
(``_timing.interleaved``): ratios are the median of the per-round ratios,
with their min and max.
Run: python benchmarks/bench_second_order.py
"""

import argparse
import functools
import time
import tracemalloc
import warnings

import numpy as np
import scipy.optimize
from _timing import fit_seconds, interleaved, ratio, whole
from sklearn.datasets import load_digits
from sklearn.exceptions import ConvergenceWarning
from sklearn.neural_network import MLPClassifier

from skebp import EBPClassifier, EBPRegressor
from skebp._compat import blas_threads
from skebp._network import Network

#: Every contender fits the same objective on every training row: MINPACK
#: and pyrenn minimize the plain sum of squares, so skebp's fits here take
#: no penalty (``alpha="auto"`` penalizes fits of fewer than 500 rows) and
#: hold out no rows (``early_stopping="auto"`` would); scikit-learn's
#: L-BFGS applies its default ``alpha=1e-4`` and no early stopping.
LEAST_SQUARES = {"alpha": 0.0, "early_stopping": False}
AS_SKLEARN = {"alpha": 1e-4, "early_stopping": False}


def sine_data(n=200, seed=0, noise=0.1):
    rng = np.random.RandomState(seed)
    x = np.sort(rng.uniform(-2, 2, size=n))
    y = np.sin(2 * x) + noise * rng.normal(size=n)
    return x[:, None], y


def ours_lm(max_iter):
    return EBPRegressor(
        (10,),
        "tanh",
        solver="levenberg_marquardt",
        whitening="none",
        max_iter=max_iter,
        tol=0.0,
        n_iter_no_change=10**6,
        random_state=0,
        **LEAST_SQUARES,
    )


def mse(model, X, y):
    return float(np.mean((model.predict(X) - y) ** 2))


def _ratio(times, a, b):
    med, lo, hi = ratio(times, a, b)
    return f"{med:8.4f} [{lo:.4f}, {hi:.4f}]"


def against_pyrenn(X, y, repeats):
    try:
        import pyrenn
    except ImportError:
        print("pyrenn is not installed (pip install pyrenn): skipped")
        return
    P, Yp = X.T.copy(), y[None, :].copy()
    err = []

    def run_pyrenn():
        # pyrenn draws its initial weights from numpy's global generator
        np.random.seed(0)  # noqa: NPY002
        net = pyrenn.CreateNN([1, 10, 1])
        t = time.perf_counter()
        net = pyrenn.train_LM(P, Yp, net, k_max=50, E_stop=1e-12, verbose=False)
        seconds = time.perf_counter() - t
        err.append(float(np.mean((pyrenn.NNOut(P, net) - y) ** 2)))
        return seconds

    ours = ours_lm(50)
    times = interleaved(
        {"pyrenn": run_pyrenn, "skebp": functools.partial(fit_seconds, ours, X, y)},
        rounds=repeats,
    )
    print("1. LM, 1-10-1 tanh, 200 samples of sin(2x), 50 iterations")
    print(
        f"   pyrenn  {np.median(times['pyrenn']):8.4f} s   training MSE {err[-1]:.6f}"
    )
    print(
        f"   skebp   {np.median(times['skebp']):8.4f} s   training MSE "
        f"{mse(ours, X, y):.6f}   ({ours.n_iter_} iterations)"
    )
    print(f"   ratio   {_ratio(times, 'skebp', 'pyrenn')}   (target <= 0.05)")


def against_minpack(X, y, repeats):
    net = Network([1, 10, 1], ["tanh", "identity"], "squared_error")
    ws = net.workspace(len(X), np.float64)
    rng = np.random.RandomState(0)
    theta0 = net.init_params(rng)

    def residuals(theta):
        return net.forward(theta, X, ws)[:, 0] - y

    def jacobian(theta):
        return net.output_jacobian(theta, X, ws)[:, 0, :]

    def run_minpack():
        return scipy.optimize.least_squares(
            residuals, theta0, jac=jacobian, method="lm"
        )

    result = run_minpack()
    target = float(np.mean(result.fun**2))
    # skebp: the fewest iterations that reach MINPACK's final MSE, timed.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        for k in range(1, 500):
            if mse(ours_lm(k).fit(X, y), X, y) <= target * (1 + 1e-9):
                break
    times = interleaved(
        {
            "MINPACK": whole(run_minpack),
            "skebp": functools.partial(fit_seconds, ours_lm(k), X, y),
        },
        rounds=repeats,
    )
    print(
        "2. LM against MINPACK (scipy least_squares, method='lm', analytic "
        "Jacobian), same network and data"
    )
    print(
        f"   MINPACK {np.median(times['MINPACK']):8.4f} s   training MSE "
        f"{target:.6f}   ({result.nfev} evaluations)"
    )
    print(
        f"   skebp   {np.median(times['skebp']):8.4f} s   reaches it in {k} iterations"
    )
    print(f"   ratio   {_ratio(times, 'skebp', 'MINPACK')}   (target <= 0.2)")


def lm_to_convergence(seeds=10, noise=0.05):
    """Both LM dampings run to convergence against MINPACK over ``seeds``
    problems (data and random start of each seed): median training MSE and
    median seconds; target: skebp's median MSE <= MINPACK's in <= 0.2 x its
    median time."""
    results = {"MINPACK": ([], []), "nielsen": ([], []), "trainlm": ([], [])}
    for seed in range(seeds):
        X, y = sine_data(seed=seed, noise=noise)
        net = Network([1, 10, 1], ["tanh", "identity"], "squared_error")
        ws = net.workspace(len(X), np.float64)
        theta0 = net.init_params(np.random.RandomState(seed))
        # The three fits of a seed run one after the other, in an order
        # rotated from seed to seed (interleaved): per-seed time ratios.
        order = ["MINPACK", "nielsen", "trainlm"]
        for name in order[seed % 3 :] + order[: seed % 3]:
            if name == "MINPACK":
                t = time.perf_counter()
                fit = scipy.optimize.least_squares(
                    lambda th, net=net, X=X, ws=ws, y=y: (
                        net.forward(th, X, ws)[:, 0] - y
                    ),
                    theta0,
                    jac=lambda th, net=net, X=X, ws=ws: net.output_jacobian(th, X, ws)[
                        :, 0
                    ],
                    method="lm",
                )
                results["MINPACK"][1].append(time.perf_counter() - t)
                results["MINPACK"][0].append(float(np.mean(fit.fun**2)))
                continue
            damping = name
            model = EBPRegressor(
                (10,),
                "tanh",
                solver="levenberg_marquardt",
                lm_damping=damping,
                whitening="none",
                max_iter=2000,
                tol=1e-8,
                n_iter_no_change=5,
                random_state=seed,
                **LEAST_SQUARES,
            )
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", ConvergenceWarning)
                t = time.perf_counter()
                model.fit(X, y)
                results[damping][1].append(time.perf_counter() - t)
            results[damping][0].append(mse(model, X, y))
    print(
        f"5. LM to convergence, 1-10-1 tanh, sin(2x) + {noise} noise, {seeds} "
        "seeds (each its own data and start)"
    )
    ref_mse = float(np.median(results["MINPACK"][0]))
    times = {name: secs for name, (_, secs) in results.items()}
    for name, (errs, secs) in results.items():
        m, t = float(np.median(errs)), float(np.median(secs))
        tail = (
            ""
            if name == "MINPACK"
            else (
                f"   time ratio {_ratio(times, name, 'MINPACK')} (per seed; "
                f"target <= 0.2), MSE {'<=' if m <= ref_mse * (1 + 1e-6) else '>'} "
                "MINPACK's"
            )
        )
        print(f"   {name:8s} median MSE {m:.6f}   median {t:.4f} s{tail}")


def lbfgs_per_iteration(repeats):
    X, y = load_digits(return_X_y=True)
    X = (X - X.mean(0)) / (X.std(0) + 1e-12)
    ours = EBPClassifier(
        (100,),
        "relu",
        solver="lbfgs",
        whitening="none",
        max_iter=100,
        tol=0.0,
        n_iter_no_change=10**6,
        random_state=0,
        **AS_SKLEARN,
    )
    theirs = MLPClassifier(
        (100,), activation="relu", solver="lbfgs", max_iter=100, tol=0.0, random_state=0
    )

    def per_iteration(model):
        return fit_seconds(model, X, y) / model.n_iter_

    def one_thread():
        # skebp runs small full-batch problems on one BLAS thread; scikit-learn
        # does not.  For transparency, scikit-learn on one thread too.
        with blas_threads(1):
            return per_iteration(theirs)

    times = interleaved(
        {
            "skebp": functools.partial(per_iteration, ours),
            "sklearn": functools.partial(per_iteration, theirs),
            "sklearn, 1 thread": one_thread,
        },
        rounds=repeats,
    )
    print("3. L-BFGS, digits, (100,) relu, 100 iterations")
    for name, n_iter in [
        ("sklearn", theirs.n_iter_),
        ("sklearn, 1 thread", theirs.n_iter_),
        ("skebp", ours.n_iter_),
    ]:
        t = np.median(times[name])
        print(f"   {name:<18} {t * 1e3:8.3f} ms/iteration ({n_iter} iterations)")
    print(
        f"   ratio              {_ratio(times, 'skebp', 'sklearn')}   (target <= 0.7)"
    )
    print(f"   ratio vs 1 thread  {_ratio(times, 'skebp', 'sklearn, 1 thread')}")


def lm_memory():
    """Peak memory that one LM iteration allocates beyond the data, on
    200,000 samples and a network of 445 parameters."""
    rng = np.random.RandomState(0)
    X = rng.normal(size=(200_000, 10))
    y = np.tanh(X @ rng.normal(size=10)) + 0.1 * rng.normal(size=200_000)
    model = EBPRegressor(
        (37,),
        "tanh",
        solver="levenberg_marquardt",
        whitening="none",
        max_iter=1,
        random_state=0,
        **LEAST_SQUARES,
    )
    tracemalloc.start()
    t = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        model.fit(X, y)
    seconds = time.perf_counter() - t
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    n_params = model._network.n_params
    print(f"4. LM memory: 200,000 samples x {n_params} parameters, one iteration")
    print(
        f"   peak allocated {peak / 2**20:8.1f} MiB beside the "
        f"{X.nbytes / 2**20:.1f} MiB data ({seconds:.2f} s); an explicit "
        f"Jacobian would take {200_000 * n_params * 8 / 2**20:.0f} MiB"
    )


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    X, y = sine_data()
    against_pyrenn(X, y, args.repeats)
    against_minpack(X, y, args.repeats)
    lbfgs_per_iteration(args.repeats)
    lm_memory()
    lm_to_convergence()


if __name__ == "__main__":
    main()
