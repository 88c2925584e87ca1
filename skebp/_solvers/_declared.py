"""What every solver declares: the estimator hyperparameters it consumes."""


class DeclaresHyperparameters:
    """A solver family's ``common_hyperparameters`` (estimator parameters
    every solver of the family uses) and each solver's ``hyperparameters``
    (constructor argument -> the estimator parameter that sets it)."""

    common_hyperparameters = ()
    hyperparameters = {}

    @classmethod
    def consumes(cls):
        """The estimator hyperparameters this solver uses; the others are
        ignored by it."""
        return set(cls.common_hyperparameters) | set(cls.hyperparameters.values())

    @classmethod
    def own_arguments(cls, params):
        """The solver's own constructor arguments from the estimator's
        ``get_params()``."""
        return {arg: params[name] for arg, name in cls.hyperparameters.items()}
