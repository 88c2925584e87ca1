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

import json
import sys
from pathlib import Path

from . import _configs, _datasets, _report
from ._runner import _task_runner, read_rows

__all__ = [
    "run_study",
    "summarize",
    "paired_effects",
    "markdown",
    "read_rows",
    "interval",
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
        Where ``results.jsonl`` (a row per fit, written as it goes),
        ``report.md`` (every configuration and paired effect),
        ``headline.md`` (scikit-learn, the defaults and the recipes),
        ``verdicts.md`` (each change's verdict per data set) and the figures
        go; None writes nothing.
    resume : bool, default=True
        Skip the fits already in ``out_dir/results.jsonl``.
    progress : {"text", None}, default="text"
        A line per finished fit on standard error, or nothing.

    Returns
    -------
    rows : list of dict
        One per fit: ``dataset``, ``config``, ``seed``, ``status`` ("ok",
        "diverged" or "failed"), ``score`` (test accuracy or R²),
        ``n_iter``, ``loss_curve``, ``test_curve`` (test score per epoch),
        ``fit_seconds``, ``fit_cpu_seconds``, ``tuned_rate``, ...
    """
    if not (isinstance(seeds, int) and seeds >= 1):
        raise ValueError(f"seeds must be a positive int; got {seeds!r}.")
    specs = [_datasets.DEFAULT_SUITE] if datasets is None else [datasets]
    loaded = {}
    for spec in specs[0]:
        name, X, y, task = _datasets.resolve(spec)
        loaded[name] = (X, y, task)
    chosen = _configs.resolve(configs)
    results = None if out_dir is None else Path(out_dir) / "results.jsonl"
    rows = read_rows(results) if (results is not None and resume) else []
    done = {(r["dataset"], r["config"], r["seed"]) for r in rows}
    todo = [
        (name, config, seed)
        for name in loaded
        for config in chosen
        for seed in range(seeds)
        if (name, config, seed) not in done
    ]
    run = _task_runner(blas_threads)
    calls = [
        (run, (t, loaded[t[0]], chosen[t[1]], max_iter, test_size, tune)) for t in todo
    ]
    advance = _progress(len(todo), progress)
    if results is not None:
        # The rows kept, rewritten whole: a line cut by an interruption goes.
        results.parent.mkdir(parents=True, exist_ok=True)
        results.write_text("".join(json.dumps(r) + "\n" for r in rows))
    with open(results, "a") if results is not None else _NoFile() as sink:
        for row in _dispatch(calls, n_jobs, scheduler):
            rows.append(row)
            sink.write(json.dumps(row) + "\n")
            sink.flush()
            advance(row)
    rows.sort(key=lambda r: (r["dataset"], r["config"], r["seed"]))
    if out_dir is not None:
        _report.write(rows, Path(out_dir))
    return rows


class _NoFile:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def write(self, text):
        pass

    def flush(self):
        pass
