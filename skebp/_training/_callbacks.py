"""scikit-learn's callback API (``sklearn.callback``, experimental, 1.9+)
bridged to the epoch monitor.

A fit is the root task; each epoch (or full-batch iteration) is a subtask,
so a ``ProgressBar`` advances per epoch and a ``ScoringMonitor`` logs per
epoch.  A callback's request to stop (``on_fit_task_end`` returning True)
ends training after that epoch, with the model of that epoch.
"""


class FitCallbacks:
    """The callbacks of one ``fit`` or ``partial_fit`` call: its root task
    begun at construction, ended by :meth:`end`; :meth:`bridge` gives the
    per-epoch tasks to the monitor (None when no callback is set, so that a
    fit without callbacks does no per-epoch work for them).

    Parameters
    ----------
    estimator : estimator with scikit-learn's ``CallbackSupportMixin``
    X, y : array-like
        What the fit received.
    sample_weight : ndarray or None
    n_tasks : int
        The most epochs (or iterations) the fit runs.
    task_name : str
    """

    def __init__(self, estimator, X, y, sample_weight, n_tasks, task_name):
        self.estimator, self.X, self.y = estimator, X, y
        self.metadata = (
            None if sample_weight is None else {"sample_weight": sample_weight}
        )
        self.context = estimator._init_callback_context(
            task_name=task_name, max_subtasks=n_tasks
        )
        self.context.call_on_fit_task_begin(
            estimator=estimator, X=X, y=y, metadata=self.metadata
        )

    def bridge(self, theta):
        """The per-epoch bridge for training ``theta`` (None without callbacks)."""
        if not getattr(self.estimator, "_skl_callbacks", None):
            return None
        return CallbackBridge(self, theta)

    def end(self):
        """End the fit's root task (after training succeeded)."""
        self.context.call_on_fit_task_end(
            estimator=self.estimator,
            X=self.X,
            y=self.y,
            metadata=self.metadata,
            reconstruction_attributes={},
        )


class CallbackBridge:
    """Open and close one callback subtask per epoch.

    Parameters
    ----------
    fit : FitCallbacks
        The fit's callbacks: estimator, root context, data and metadata.
    theta : ndarray
        The parameter vector that training updates in place; a copy of it
        is what makes a copy of the estimator predict as at that epoch.
    """

    def __init__(self, fit, theta):
        self.fit, self._theta = fit, theta
        self._task = None

    def _hook_args(self):
        fit = self.fit
        return {
            "estimator": fit.estimator,
            "X": fit.X,
            "y": fit.y,
            "metadata": fit.metadata,
            "reconstruction_attributes": lambda: {"_theta": self._theta.copy()},
        }

    def begin_epoch(self):
        self._task = self.fit.context.subcontext(task_name="epoch")
        self._task.call_on_fit_task_begin(**self._hook_args())

    def end_epoch(self):
        """Close the epoch's task; True when a callback asks to stop."""
        task, self._task = self._task, None
        return bool(task.call_on_fit_task_end(**self._hook_args()))

    def finish(self):
        """Close a task that training opened but never ran (a solver's
        last iteration, or an epoch cut short by an error)."""
        if self._task is not None:
            self._task.call_on_fit_task_end(estimator=self.fit.estimator)
            self._task = None
