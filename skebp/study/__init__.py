"""The evidence study: which tricks still pay off, measured.

:func:`run_study` fits every configuration on every data set for several
seeds (each seed its own split and initialization), each configuration at
its own learning rate tuned on a validation split of the training data,
and writes one row per fit to a results file as it goes (an interrupted
study resumes from it), then a Markdown report and figures.  The fits are
independent: ``n_jobs`` runs them with joblib, ``scheduler`` on a Dask
cluster (``pip install "skebp[distributed]"``), BLAS held to
``blas_threads`` per fit so that workers do not oversubscribe the cores
and every mode gives the same numbers.

``skebp study`` is the same on the command line.

Examples
--------
>>> from skebp.study import run_study
>>> rows = run_study(["iris"], ["modern", "modern: momentum"], seeds=2,
...                  max_iter=20, out_dir=None, progress=None)
>>> sorted({r["config"] for r in rows})
['modern', 'modern: momentum']
"""

import functools
import sys
from pathlib import Path

from . import _configs, _datasets, _report, _store
from ._runner import TIME_TO_TARGET, _task_runner, full_params
from ._store import read_rows

__all__ = [
    "run_study",
    "summarize",
    "paired_effects",
    "markdown",
    "read_rows",
    "interval",
    "StudyInterrupted",
]

interval = _report.interval
summarize = _report.summarize
paired_effects = _report.paired_effects
markdown = _report.markdown


def _dispatch(calls, n_jobs, scheduler):
    """Results of ``calls`` (``(function, args)``) as they complete."""
    if scheduler is not None:
        yield from _on_dask(calls, scheduler, n_jobs)
        return
    if n_jobs in (None, 1):
        for function, args in calls:
            yield function(*args)
        return
    from joblib import Parallel, delayed

    parallel = Parallel(n_jobs=n_jobs, return_as="generator_unordered")
    yield from parallel(delayed(function)(*args) for function, args in calls)


#: How long ``scheduler=<address>`` waits for the scheduler to answer.
SCHEDULER_TIMEOUT = "10s"


def _on_dask(calls, scheduler, n_jobs):
    try:
        from dask.distributed import Client, LocalCluster
        from joblib import Parallel, delayed, parallel_config
    except ImportError as exc:
        raise ValueError(
            "scheduler needs dask and distributed: pip install "
            f"'skebp[distributed]' ({exc})"
        ) from exc
    if scheduler == "local":
        cluster = LocalCluster(
            n_workers=n_jobs or 2,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
        )
        client = Client(cluster)
    else:
        try:
            client = Client(scheduler, timeout=SCHEDULER_TIMEOUT)
        except (OSError, TimeoutError) as exc:
            raise ValueError(
                f"could not reach the Dask scheduler at {scheduler!r}: {exc}"
            ) from exc
        cluster = None
    try:
        with parallel_config(backend="dask"):
            parallel = Parallel(n_jobs=-1, return_as="generator_unordered")
            yield from parallel(delayed(f)(*args) for f, args in calls)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _progress(total, mode):
    """``advance(row)`` showing the progress of the study."""
    done = [0]

    def text(row):
        done[0] += 1
        score = row.get("score")
        result = f"{score:.4f}" if score is not None else row["status"]
        print(
            f"[{done[0]}/{total}] {row['dataset']}, {row['config']}, seed "
            f"{row['seed']}: {result}",
            file=sys.stderr,
            flush=True,
        )

    if mode == "text":
        return text
    return lambda row: None


def run_study(
    datasets=None,
    configs=None,
    seeds=5,
    *,
    max_iter=200,
    test_size=0.3,
    tune=True,
    n_jobs=1,
    scheduler=None,
    blas_threads=1,
    out_dir="study",
    resume=True,
    progress="text",
):
    """Fit every configuration on every data set for each seed.

    Parameters
    ----------
    datasets : list, default=None
        Data sets: built-in names (``skebp.study._datasets.BUILTIN``; None is
        the default suite), ``"file.csv:TARGET"``, ``"openml:NAME"`` or
        ``(name, X, y)`` tuples.
    configs : list or dict, default=None
        Built-in configuration names (None: all of them: both recipes, each
        one-at-a-time ablation, the defaults and ``"sklearn"``, scikit-learn's
        MLP behind a ``StandardScaler``), and ``{name: params}`` of your own.
    seeds : int, default=5
        Seeds 0 .. seeds - 1: each its own split and initialization.
    max_iter : int, default=200
        Epochs (iterations) of every fit.
    test_size : float, default=0.3
        Held-out fraction of each data set.
    tune : bool, default=True
        Tune each first-order configuration's float rate on a validation
        split of its training rows (grids in ``_configs.RATE_GRIDS``).
    n_jobs : int, default=1
        Fits run at once with joblib (or Dask workers of a local cluster).
    scheduler : str, default=None
        A Dask scheduler address, or ``"local"`` for a ``LocalCluster``.
    blas_threads : int, default=1
        BLAS threads per fit.
    out_dir : str or Path or None, default="study"
        Where ``results.jsonl`` (a row per fit, appended and flushed as it
        comes, never rewritten; each row keyed by everything that changes
        the fit: the settings, the parameters, the rate grid, a fingerprint
        of the data, the package versions),
        ``report.md`` (every configuration and paired effect),
        ``headline.md`` (scikit-learn, the defaults and the recipes),
        ``verdicts.md`` (each change's verdict per data set) and the figures
        go; None writes nothing.
    resume : bool, default=True
        Reuse the fits already in ``out_dir/results.jsonl`` (it says how
        many on standard error) and fit the others.  A folder holding fits
        made with other settings is refused, naming what differs.  False
        moves the old file aside to ``results.jsonl.old`` and starts anew.
    progress : {"text", None}, default="text"
        A line per finished fit on standard error, or nothing.

    Returns
    -------
    rows : list of dict
        One per fit: ``dataset``, ``config``, ``seed``, ``status`` ("ok",
        "diverged" or "failed"), ``score`` (test accuracy or R²),
        ``n_iter``, ``loss_curve``, ``test_curve`` (test score per epoch,
        a display only), ``validation_curve`` (skebp's configurations: the
        score per epoch on the validation rows, a fifth of the training
        rows, of a second fit on the others; the time to a target is read
        from it), ``validation_score`` (the reference's score there, fitted
        the same way), ``fit_seconds``, ``fit_cpu_seconds``, ``tuned_rate``,
        ``key``, ...

    Raises
    ------
    ValueError
        An unknown data set or configuration; a folder with fits made
        otherwise, or that another study is writing to.
    StudyInterrupted
        Ctrl-C (a ``KeyboardInterrupt``): the fits done so far are saved, the
        one cut short is not; the same call resumes.
    """
    if not (isinstance(seeds, int) and seeds >= 1):
        raise ValueError(f"seeds must be a positive int; got {seeds!r}.")
    specs = _datasets.DEFAULT_SUITE if datasets is None else datasets
    chosen = _configs.resolve(configs)
    loaded, failed = _load(specs, chosen, seeds)
    run = {
        "max_iter": max_iter,
        "test_size": test_size,
        "tune": bool(tune),
        "time_to_target": TIME_TO_TARGET,
        "versions": _store.versions(),
    }
    keys = _keys(loaded, chosen, seeds, run)
    fit = _task_runner(blas_threads)
    calls = {
        t: (fit, (t, loaded[t[0]], chosen[t[1]], max_iter, test_size, tune))
        for t in keys
    }
    dispatch = functools.partial(_dispatch, n_jobs=n_jobs, scheduler=scheduler)
    if out_dir is None:
        return _run(calls, keys, [], None, dispatch, progress, n_jobs) + failed
    out_dir = Path(out_dir)
    with _store.ResultsStore(out_dir / "results.jsonl") as store:
        if not resume:
            store.start_fresh()
        rows = store.read()
        for problem in store.problems:
            _say(f"{store.path}: {problem}; skipped")
        store.check(rows, keys, run)
        rows = _run(calls, keys, rows, store, dispatch, progress, n_jobs)
    rows += failed
    _report.write(rows, out_dir)
    return rows


def _load(specs, chosen, seeds):
    """The data sets that load, and a ``failed`` row per fit of each real
    data set (the suite's, OpenML's) that does not (with its reason; not
    saved, so that a resumed study tries again).  Unknown names, the user's
    own files and a missing extra raise at once."""
    loaded, failed = {}, []
    for spec in specs:
        for one in _datasets.expand(spec):
            try:
                name, X, y, task = _datasets.resolve(one)
            except ImportError:
                raise
            except Exception as exc:  # noqa: BLE001
                if not _datasets.fetched(one):  # the user's own: errors are theirs
                    raise
                # real data that failed to load: recorded, the study goes on
                reason = f"could not load: {type(exc).__name__}: {exc}"
                _say(f"data set {one!r} {reason}; its fits are recorded as failed")
                failed += [
                    {
                        "dataset": str(one),
                        "config": c,
                        "seed": s,
                        "status": "failed",
                        "error": reason,
                    }
                    for c in chosen
                    for s in range(seeds)
                ]
                continue
            loaded[name] = (X, y, task)
    return loaded, failed


def _keys(loaded, chosen, seeds, run):
    """The key of every fit of the run: what changes it."""
    keys = {}
    for name, (X, y, task) in loaded.items():
        data = _store.fingerprint(X, y)
        for config, params in chosen.items():
            key = {
                **run,
                "params": _store.plain(params),
                "estimator_params": _store.plain(full_params(params, task)),
                "rate_grid": _configs.rate_grid(params) if run["tune"] else None,
                "data": data,
            }
            for seed in range(seeds):
                keys[(name, config, seed)] = key
    return keys


def _run(calls, keys, rows, store, dispatch, progress, n_jobs):
    """Make the ``calls`` (by fit) that ``rows`` lack, appending each row to
    ``store`` (if any) as it comes; Ctrl-C raises :class:`StudyInterrupted`."""
    done = {_store.triple(r) for r in rows}
    todo = [t for t in calls if t not in done]
    if store is not None and len(todo) < len(calls):
        _say(
            f"{len(calls) - len(todo)} of {len(calls)} fits already done in "
            f"{store.path}; {len(todo)} to go."
        )
    advance = _progress(len(todo), progress)
    if todo and progress == "text" and n_jobs not in (None, 1):
        _say(
            f"starting {n_jobs} worker processes: each "
            "imports NumPy, SciPy, scikit-learn and skebp before its first fit "
            "(a few seconds; for a small study one process is faster)."
        )
    before = len(rows)
    try:
        for row in dispatch([calls[t] for t in todo]):
            if row["status"] == "interrupted":
                raise KeyboardInterrupt
            row["key"] = keys[_store.triple(row)]
            with _store.ctrl_c_deferred():  # saved and counted, or neither
                if store is not None:
                    store.append(row)
                rows.append(row)
            advance(row)
    except KeyboardInterrupt:
        raise StudyInterrupted(
            len(rows),
            len(calls),
            len(rows) - before,
            None if store is None else store.path,
        ) from None
    rows.sort(key=lambda r: (r["dataset"], r["config"], r["seed"]))
    return rows


class StudyInterrupted(KeyboardInterrupt):
    """Ctrl-C stopped the study: ``done`` of ``total`` fits are saved
    (``new`` of them by this run) in ``path``; the fit that was cut short
    is not.  Running the same study again resumes."""

    def __init__(self, done, total, new, path):
        super().__init__(done, total, new, path)
        self.done, self.total, self.new, self.path = done, total, new, path

    def __str__(self):
        where = (
            "nothing was saved (no output folder)"
            if self.path is None
            else (
                f"{self.done} of {self.total} fits are saved in {self.path} "
                f"({self.new} by this run); run the same study again to resume"
            )
        )
        return f"study interrupted: {where}"


def _say(text):
    print(text, file=sys.stderr, flush=True)
