"""The ``skebp`` command line: ``skebp compare`` and friends.

NumPy, scikit-learn and the estimators are imported where a command needs
them, so that ``skebp --version`` answers at once.
"""

import argparse
import sys
import time
import warnings

from skebp import __version__
from skebp.recipes import RECIPES

#: The exit status of a run stopped by Ctrl-C (128 + SIGINT), as shells use.
INTERRUPTED = 130


def _sklearn_loader(name):
    """``sklearn.datasets.<name>``, imported when called."""

    def load(**kwargs):
        from sklearn import datasets

        return getattr(datasets, name)(**kwargs)

    load.__name__ = name
    return load


#: Datasets that ship with scikit-learn: name -> (loader, is_classification).
DATASETS = {
    "digits": (_sklearn_loader("load_digits"), True),
    "breast_cancer": (_sklearn_loader("load_breast_cancer"), True),
    "wine": (_sklearn_loader("load_wine"), True),
    "iris": (_sklearn_loader("load_iris"), True),
    "diabetes": (_sklearn_loader("load_diabetes"), False),
}


def default_hidden(dataset):
    """Hidden layers ``compare`` uses by default: (100,) for classification,
    (20,) for the small, noisy regression set (larger nets overfit it)."""
    return (100,) if DATASETS[dataset][1] else (20,)


def progress_callbacks():
    """scikit-learn's ``ProgressBar`` (a bar per fit, advancing per epoch)
    when the callback API and ``rich`` are installed; else an empty tuple."""
    try:
        import rich  # noqa: F401
        from sklearn.callback import ProgressBar
    except ImportError:
        return ()
    return (ProgressBar(),)


def compare(
    dataset="digits",
    seeds=3,
    test_size=0.3,
    recipes=None,
    hidden=None,
    progress=None,
):
    """Fit every recipe on a held-out split and collect the results.

    Parameters
    ----------
    dataset : str, default="digits"
        A key of ``DATASETS``.
    seeds : int, default=3
        Number of random splits and initializations per recipe.
    test_size : float, default=0.3
        Held-out fraction.
    recipes : list of str, default=None
        Recipe names; all of ``RECIPES`` when None.
    hidden : tuple of int, default=None
        Hidden layer sizes; :func:`default_hidden` when None.
    progress : {"bar", "text"} or None, default=None
        Show progress: ``"bar"`` a progress bar per fit advancing per epoch
        (scikit-learn's ``ProgressBar``, which needs ``rich``), ``"text"`` a
        line per fit on standard error; None: nothing.

    Returns
    -------
    rows : list of dict
        One per recipe: ``recipe``, ``score`` (mean test accuracy, or R^2 for
        regression), ``score_std`` (its standard deviation over the seeds),
        ``score_ci`` (the half-width of its 95 % interval), ``epochs``,
        ``seconds`` (mean fit time).
    """
    import numpy as np
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.model_selection import train_test_split

    from skebp import EBPClassifier, EBPRegressor
    from skebp._warnings import interrupted, raise_interruptions
    from skebp.study import interval

    loader, is_classification = DATASETS[dataset]
    hidden = default_hidden(dataset) if hidden is None else tuple(hidden)
    X, y = loader(return_X_y=True)
    callbacks = progress_callbacks() if progress == "bar" else ()
    rows = []
    for name in recipes or list(RECIPES):
        scores, epochs, seconds = [], [], []
        for seed in range(seeds):
            X_train, X_test, y_train, y_test = train_test_split(
                X,
                y,
                test_size=test_size,
                random_state=seed,
                stratify=y if is_classification else None,
            )
            if is_classification:
                model = EBPClassifier(hidden, **RECIPES[name], random_state=seed)
            else:
                model = EBPRegressor(hidden, **RECIPES[name], random_state=seed)
            if callbacks:
                model.set_callbacks(*callbacks)
            start = time.perf_counter()
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", ConvergenceWarning)
                raise_interruptions()
                try:
                    model.fit(X_train, y_train)
                except UserWarning as exc:
                    # Ctrl-C cut the fit short: stop, never average it.
                    if interrupted(exc):
                        raise KeyboardInterrupt from None
                    raise
            seconds.append(time.perf_counter() - start)
            scores.append(model.score(X_test, y_test))
            epochs.append(model.n_iter_)
            if progress == "text":
                print(
                    f"{name}, seed {seed + 1}/{seeds}: {model.n_iter_} epochs, "
                    f"{seconds[-1]:.2f} s, score {scores[-1]:.4f}",
                    file=sys.stderr,
                    flush=True,
                )
        rows.append(
            {
                "recipe": name,
                "score": float(np.mean(scores)),
                "score_std": float(np.std(scores)),
                "score_ci": interval(scores)[1],
                "epochs": float(np.mean(epochs)),
                "seconds": float(np.mean(seconds)),
            }
        )
    return rows


def format_table(rows, metric):
    """The rows of :func:`compare` as a plain-text table."""
    header = f"{'recipe':<12} {metric + ' (95 % CI)':>24} {'epochs':>8} {'seconds':>9}"
    lines = [header, "-" * len(header)]
    for r in rows:
        score = f"{r['score']:.4f} ± {r['score_ci']:.4f}"
        lines.append(
            f"{r['recipe']:<12} {score:>24} {r['epochs']:>8.1f} {r['seconds']:>9.3f}"
        )
    return "\n".join(lines)


def _parser():
    parser = argparse.ArgumentParser(
        prog="skebp",
        description="Efficient BackProp's tricks as scikit-learn hyperparameters.",
    )
    parser.add_argument("--version", action="version", version=f"skebp {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    _study_parser(sub)
    cmp_ = sub.add_parser(
        "compare",
        help="fit every recipe on a dataset that ships with scikit-learn",
        description="Fit every recipe of skebp.RECIPES on a held-out split and "
        "print test score, epochs and fit seconds.",
    )
    cmp_.set_defaults(subparser=cmp_)
    cmp_.add_argument(
        "--dataset",
        choices=sorted(DATASETS),
        default="digits",
        help="a data set that ships with scikit-learn (default digits)",
    )
    cmp_.add_argument(
        "--seeds",
        type=int,
        default=3,
        help="random splits and initializations per recipe; the table shows "
        "the mean and its 95 %% interval (default 3)",
    )
    cmp_.add_argument(
        "--test-size",
        type=float,
        default=0.3,
        help="held-out fraction of the data set (default 0.3)",
    )
    cmp_.add_argument(
        "--hidden",
        type=int,
        nargs="*",
        metavar="UNITS",
        help="hidden layer sizes (default: 100 for classification, 20 for "
        "diabetes); give none for no hidden layer",
    )
    cmp_.add_argument(
        "--progress",
        choices=["auto", "bar", "text", "none"],
        default="auto",
        help="progress on standard error while fitting: a bar per fit advancing "
        "per epoch (needs the optional 'rich'), a line per fit, or none; auto "
        "(default): a bar on a terminal when rich is installed, else a line",
    )
    cmp_.add_argument(
        "--recipe",
        action="append",
        choices=sorted(RECIPES),
        help="only this recipe (repeatable; default: all)",
    )
    return parser


def _study_parser(sub):
    from skebp.study import _datasets

    study = sub.add_parser(
        "study",
        help="which tricks pay off: data sets x configurations x seeds",
        description="Fit every configuration (both recipes, each one-at-a-time "
        "ablation, the defaults and scikit-learn's MLP) on every data set for "
        "several seeds, each at its own tuned learning rate; write a row per "
        "fit to OUT/results.jsonl as it goes (a rerun resumes), then "
        "OUT/report.md and figures.",
    )
    study.set_defaults(subparser=study)
    study.add_argument(
        "--datasets",
        nargs="+",
        metavar="DATASET",
        help="built-in names ("
        + ", ".join(sorted(_datasets.BUILTIN))
        + "), names of the real-data suite or the collections "
        + ", ".join(_datasets._tabular.COLLECTIONS)
        + " (pip install 'skebp[benchmark]'), "
        "FILE.csv:TARGET, openml:ID, openml:NAME or openml-suite:ID (default: "
        + " ".join(_datasets.DEFAULT_SUITE)
        + ")",
    )
    study.add_argument(
        "--configs",
        nargs="+",
        metavar="CONFIG",
        help="configuration names (default: all; 'skebp study --list' shows them)",
    )
    study.add_argument("--list", action="store_true", help="list the configurations")
    study.add_argument("--seeds", type=int, default=5, help="seeds (default 5)")
    study.add_argument("--max-iter", type=int, default=200, help="epochs (default 200)")
    study.add_argument(
        "--test-size", type=float, default=0.3, help="held-out fraction (default 0.3)"
    )
    study.add_argument(
        "--no-tune", action="store_true", help="keep each configuration's own rate"
    )
    study.add_argument(
        "--n-jobs", type=int, default=1, help="fits at once with joblib (default 1)"
    )
    study.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="run on a Dask cluster: a scheduler address, or 'local' for a local "
        "cluster of --n-jobs workers (needs skebp[distributed])",
    )
    study.add_argument("--out", default="study", help="output folder (default study)")
    study.add_argument(
        "--fresh",
        action="store_true",
        help="start anew: move OUT/results.jsonl aside to results.jsonl.old",
    )
    study.add_argument("--quiet", action="store_true", help="no line per fit")


def _run_study(args, parser):
    from skebp.study import _configs, run_study

    if args.list:
        print("\n".join(_configs.builtin_configs()))
        return 0
    if args.seeds < 1:
        parser.error(f"--seeds must be >= 1; got {args.seeds}")
    if args.max_iter < 1:
        parser.error(f"--max-iter must be >= 1; got {args.max_iter}")
    if not 0 < args.test_size < 1:
        parser.error(f"--test-size must be in (0, 1); got {args.test_size}")
    try:
        rows = run_study(
            args.datasets,
            args.configs,
            args.seeds,
            max_iter=args.max_iter,
            test_size=args.test_size,
            tune=not args.no_tune,
            n_jobs=args.n_jobs,
            scheduler=args.scheduler,
            out_dir=args.out,
            resume=not args.fresh,
            progress=None if args.quiet else "text",
        )
    except (ValueError, ImportError) as exc:  # bad input, a missing extra
        parser.error(str(exc))
    print(
        f"{len(rows)} fits; results in {args.out}/results.jsonl, report in "
        f"{args.out}/report.md"
    )
    return 0


def _progress_mode(choice):
    if choice == "none":
        return None
    if choice == "auto":
        return "bar" if sys.stderr.isatty() and progress_callbacks() else "text"
    if choice == "bar" and not progress_callbacks():
        print(
            "skebp: --progress bar needs scikit-learn >= 1.9 and rich "
            "(pip install rich); showing a line per fit instead",
            file=sys.stderr,
        )
        return "text"
    return choice


def _run_compare(args, sub):
    if args.seeds < 1:
        sub.error(f"--seeds must be >= 1; got {args.seeds}")
    if not 0 < args.test_size < 1:
        sub.error(f"--test-size must be in (0, 1); got {args.test_size}")
    if args.hidden is not None and any(h < 1 for h in args.hidden):
        sub.error(f"--hidden sizes must be >= 1; got {args.hidden}")
    hidden = default_hidden(args.dataset) if args.hidden is None else args.hidden
    rows = compare(
        args.dataset,
        args.seeds,
        test_size=args.test_size,
        recipes=args.recipe,
        hidden=hidden,
        progress=_progress_mode(args.progress),
    )
    metric = "test accuracy" if DATASETS[args.dataset][1] else "test R^2"
    print(
        f"dataset: {args.dataset}, hidden layers: {tuple(hidden)}, "
        f"seeds: {args.seeds}, test size: {args.test_size:.0%}"
    )
    print(format_table(rows, metric))
    return 0


def main(argv=None):
    """Entry point of the ``skebp`` command; returns the exit status (130
    after Ctrl-C, which never leaves a cut fit in a table or a results
    file)."""
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv[:1] == ["--version"]:  # before the parser, which imports the study
        print(f"skebp {__version__}")
        raise SystemExit(0)
    parser = _parser()
    args = parser.parse_args(argv)
    run = _run_study if args.command == "study" else _run_compare
    try:
        return run(args, args.subparser)
    except KeyboardInterrupt as exc:
        from skebp.study import StudyInterrupted

        what = (
            exc
            if isinstance(exc, StudyInterrupted)
            else (f"{args.command} interrupted; nothing was recorded")
        )
        print(f"skebp: {what}.", file=sys.stderr)
        return INTERRUPTED


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
