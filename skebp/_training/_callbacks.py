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
        bridge = CallbackBridge(
            self.estimator,
            self.context,
            self.X,
            self.y,
            self.metadata,
            lambda theta_now: {"_theta": theta_now},
        )
        bridge.bind(theta)
        return bridge

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
    estimator : estimator
        The estimator being fitted (scikit-learn's hooks take it).
    context : sklearn.callback.CallbackContext
        The fit's root context.
    X, y : array-like
        The data that ``fit`` received, for callbacks that score.
    metadata : dict or None
        Fit metadata (``sample_weight``).
    reconstruction : callable
        ``reconstruction(theta) -> dict`` of the attributes that make a copy
        of the estimator predict with the parameters ``theta``.
    """

    def __init__(self, estimator, context, X, y, metadata, reconstruction):
        self.estimator, self.context = estimator, context
        self.X, self.y, self.metadata = X, y, metadata
        self.reconstruction = reconstruction
        self._task = None
        self._theta = None

    def bind(self, theta):
        """The parameter vector that training updates in place."""
        self._theta = theta

    def _attributes(self):
        return self.reconstruction(self._theta.copy())

    def begin_epoch(self):
        self._task = self.context.subcontext(task_name="epoch")
        self._task.call_on_fit_task_begin(
            estimator=self.estimator,
            X=self.X,
            y=self.y,
            metadata=self.metadata,
            reconstruction_attributes=self._attributes,
        )

    def end_epoch(self):
        """Close the epoch's task; True when a callback asks to stop."""
        task, self._task = self._task, None
        return bool(
            task.call_on_fit_task_end(
                estimator=self.estimator,
                X=self.X,
                y=self.y,
                metadata=self.metadata,
                reconstruction_attributes=self._attributes,
            )
        )

    def finish(self):
        """Close a task that training opened but never ran (a solver's
        last iteration, or an epoch cut short by an error)."""
        if self._task is not None:
            self._task.call_on_fit_task_end(estimator=self.estimator)
            self._task = None
