"""The study's results file: append-only JSON lines, one row per fit, each
row keyed by everything that changes the fit.

- A row is appended and flushed (and synced to disk) as soon as its fit
  ends; the file is never rewritten in place, so a kill at any moment loses
  at most the row being written.  A line cut by such a kill is reported
  with its line number and skipped; the next row starts on a line of its
  own.
- Every row carries ``key``: the run's settings (epochs, held-out
  fraction, tuning, how the time to a target is measured), the
  configuration's parameters and every parameter of the estimator it
  builds (so that a changed default shows), the rate grid, a fingerprint of
  the data set and the versions of the packages that compute the fit.  A
  resumed run reuses only rows whose key matches its own, and refuses,
  naming what differs, when the folder holds fits made otherwise.  What
  the key cannot see is a change of the code behind an unchanged version
  and parameters (what ``"auto"`` means, say): a release bumps the
  version; ``benchmarks/rekey_study.py`` re-keys a committed study only
  where its fits, re-run, come out the same.
- One run at a time writes to a folder: a lock file held for the whole run
  (``fcntl``; where it is missing, a file created exclusively) refuses a
  second one, so that two runs cannot fit and write the same rows twice.
- Reading counts each (data set, configuration, seed) once: a duplicate
  (from a run made before the lock) is reported and the first row kept.
"""

import hashlib
import json
import os
import signal
import threading
from contextlib import contextmanager
from pathlib import Path

import numpy as np

from .._warnings import warn

#: The fields that identify a fit within a run.
TRIPLE = ("dataset", "config", "seed")
#: The fields a row must have to be read.
REQUIRED = {"dataset": str, "config": str, "seed": int, "status": str}
#: The parts of a row's key that every row of one run shares.
RUN_SETTINGS = ("max_iter", "test_size", "tune", "time_to_target", "versions")


def versions():
    """The versions of the packages that compute a fit."""
    import scipy
    import sklearn

    from .. import __version__

    return {
        "skebp": __version__,
        "scikit-learn": sklearn.__version__,
        "numpy": np.__version__,
        "scipy": scipy.__version__,
    }


def fingerprint(X, y):
    """A short hash of a data set's values, shapes and dtypes."""
    digest = hashlib.sha256()
    for a in (np.asarray(X), np.asarray(y)):
        digest.update(f"{a.shape}{a.dtype.str}".encode())
        if a.dtype == object:
            digest.update(json.dumps(a.tolist(), default=str).encode())
        else:
            digest.update(np.ascontiguousarray(a).tobytes())
    return digest.hexdigest()[:16]


def plain(value):
    """``value`` as it reads back from JSON (tuples become lists)."""
    return json.loads(json.dumps(value, default=str))


def triple(row):
    return tuple(row[k] for k in TRIPLE)


def _describe(name, ours, theirs):
    return f"{name} {theirs!r} in the file, {ours!r} in this run"


def differences(ours, theirs, run_only=False):
    """What differs between two keys, as phrases (empty when they match)."""
    if not isinstance(theirs, dict):
        return ["the file's rows carry no key (written before keys existed)"]
    names = RUN_SETTINGS if run_only else sorted(set(ours) | set(theirs))
    return [
        _describe(name, ours.get(name), theirs.get(name))
        for name in names
        if ours.get(name) != theirs.get(name)
    ]


class SettingsChanged(ValueError):
    """The folder holds fits made with other settings."""


class StoreLocked(ValueError):
    """Another run is writing to the folder."""


class ResultsStore:
    """``results.jsonl`` of one output folder, for one run.

    Parameters
    ----------
    path : Path
        The results file.

    Use as a context manager: entering takes the folder's lock, leaving
    releases it.
    """

    def __init__(self, path):
        self.path = Path(path)
        self.lock_path = self.path.with_name(self.path.name + ".lock")
        self._lock = None
        self._sink = None
        self.problems = []

    # -- the lock ------------------------------------------------------
    def __enter__(self):
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = _acquire(self.lock_path)
        return self

    def __exit__(self, *exc):
        if self._sink is not None:
            self._sink.close()
            self._sink = None
        _release(self._lock, self.lock_path)
        self._lock = None
        return False

    # -- reading -------------------------------------------------------
    def read(self):
        """The valid rows, each (data set, configuration, seed) once; what
        was skipped is in ``problems`` (line numbers from 1)."""
        return read_rows(self.path, problems=self.problems)

    def check(self, rows, keys, run):
        """Refuse rows made with settings other than this run's.

        ``keys`` maps each triple this run fits to its key; ``run`` is the
        run-wide part of the keys.  Rows of triples the run does not fit must
        share the run-wide settings (the report mixes them); rows of its own
        triples must match their key in full.
        """
        for row in rows:
            t = triple(row)
            theirs = row.get("key")
            ours = keys.get(t)
            found = (
                differences(run, theirs, run_only=True)
                if ours is None
                else differences(ours, theirs)
            )
            if found:
                raise SettingsChanged(
                    f"{self.path} holds fits made with other settings "
                    f"(first: {t[0]}, {t[1]}, seed {t[2]}: {'; '.join(found)}). "
                    "Resume with the same settings, write to another folder "
                    "(--out), or start anew (--fresh keeps the old file as "
                    f"{self.path.name}.old)."
                )

    # -- writing -------------------------------------------------------
    def start_fresh(self):
        """Move the old file aside (atomically) and begin an empty one."""
        if self.path.exists():
            os.replace(self.path, self.path.with_name(self.path.name + ".old"))

    def append(self, row):
        """Write one row as a line of its own, flushed and synced."""
        if self._sink is None:
            self._sink = open(self.path, "ab")
            if self._sink.tell() > 0 and not _ends_with_newline(self.path):
                # The last line was cut: the new row starts a line of its own.
                self._sink.write(b"\n")
        self._sink.write(json.dumps(row).encode() + b"\n")
        self._sink.flush()
        os.fsync(self._sink.fileno())


@contextmanager
def ctrl_c_deferred():
    """Ctrl-C inside the block takes effect when the block ends: a row is
    written to the file and counted together, or neither (the message after
    Ctrl-C counts what the file holds).  Only the main thread receives
    signals; elsewhere, or where Python does not own the SIGINT handler,
    the block runs as it is."""
    previous = signal.getsignal(signal.SIGINT)
    if threading.current_thread() is not threading.main_thread() or previous is None:
        yield
        return
    caught = []
    signal.signal(signal.SIGINT, lambda signum, frame: caught.append(frame))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
    if caught and callable(previous):
        previous(signal.SIGINT, caught[0])
    elif caught and previous == signal.SIG_DFL:
        raise KeyboardInterrupt


def _ends_with_newline(path):
    with open(path, "rb") as f:
        f.seek(-1, os.SEEK_END)
        return f.read(1) == b"\n"


def _row_problem(row):
    if not isinstance(row, dict):
        return f"a JSON {type(row).__name__}, not a row"
    for name, kind in REQUIRED.items():
        if name not in row:
            return f"no {name!r}"
        if not isinstance(row[name], kind) or isinstance(row[name], bool):
            return f"{name!r} is {row[name]!r}, not a {kind.__name__}"
    return None


def read_rows(path, problems=None):
    """The rows of a results file (JSON lines), each (data set,
    configuration, seed) once.

    A line that is not a row (cut by a kill, corrupted, not UTF-8) and a
    repeated (data set, configuration, seed) are skipped and reported: into
    ``problems`` when given, else as one warning.
    """
    path = Path(path)
    if not path.exists():
        return []
    found = [] if problems is None else problems
    rows, seen = [], {}
    with open(path, "rb") as f:
        for number, raw in enumerate(f, start=1):
            if not raw.strip():
                continue
            try:
                row = json.loads(raw.decode("utf-8"))
            except UnicodeDecodeError:
                found.append(f"line {number}: not UTF-8 text")
                continue
            except json.JSONDecodeError as exc:
                found.append(f"line {number}: not JSON ({exc.msg}; cut by a kill?)")
                continue
            problem = _row_problem(row)
            if problem is not None:
                found.append(f"line {number}: not a row ({problem})")
                continue
            t = triple(row)
            if t in seen:
                found.append(
                    f"line {number}: {t[0]}, {t[1]}, seed {t[2]} again (first on "
                    f"line {seen[t]}): the first is kept"
                )
                continue
            seen[t] = number
            rows.append(row)
    if problems is None and found:
        warn(f"{path}: skipped {'; '.join(found)}")
    return rows


# -- the lock -------------------------------------------------------------
def _acquire(lock_path):
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        return _acquire_exclusive(lock_path)
    handle = open(lock_path, "a+")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        handle.seek(0)
        holder = handle.read().strip() or "another process"
        handle.close()
        raise StoreLocked(
            f"another study (process {holder}) is writing to {lock_path.parent}; "
            "wait for it to finish, or write to another folder (--out)."
        ) from None
    handle.seek(0)
    handle.truncate()
    handle.write(str(os.getpid()))
    handle.flush()
    return handle


def _acquire_exclusive(lock_path):  # pragma: no cover - Windows
    try:
        fd = os.open(lock_path, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
    except FileExistsError:
        raise StoreLocked(
            f"another study is writing to {lock_path.parent} (or one was killed: "
            f"remove {lock_path} if none runs); or write to another folder."
        ) from None
    os.write(fd, str(os.getpid()).encode())
    return fd


def _release(handle, lock_path):
    if handle is None:
        return
    if isinstance(handle, int):  # pragma: no cover - Windows
        os.close(handle)
        lock_path.unlink(missing_ok=True)
        return
    handle.close()  # closing releases the flock
