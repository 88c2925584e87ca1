"""InputWhitener: center, standardize, PCA- or ZCA-whiten the inputs (trick 3)."""

import numbers

import numpy as np
import scipy.linalg
import scipy.sparse as sp
from sklearn.base import (
    BaseEstimator,
    ClassNamePrefixFeaturesOutMixin,
    OneToOneFeatureMixin,
    TransformerMixin,
)
from sklearn.utils.validation import (
    _check_sample_weight,
    check_is_fitted,
    validate_data,
)

from ._compat import CALLBACKS, CallbackSupportMixin, Interval, StrOptions, _fit_context
from ._docstrings import DocLinkMixin
from ._memory import check_memory
from ._stats import extreme_scale, is_constant

#: Rows per chunk when accumulating the covariance: bounds the extra memory
#: to CHUNK_ROWS x n_features beside the n_features^2 covariance.
CHUNK_ROWS = 4096


#: Sparse inputs denser than this get their covariance from dense chunks
#: (multi-threaded BLAS) rather than a sparse product (single-threaded, with
#: a cost that grows as the density squared): on 20,000 x 784, dense chunks
#: 0.25 s at any density, the sparse product 0.13 s at 5 % and 0.78 s at 10 %.
SPARSE_COVARIANCE_DENSITY = 0.07


def _weighted_covariance(X, mean, w):
    """Weighted covariance of dense or sparse ``X`` in float64, by chunks."""
    n_features = X.shape[1]
    total = w.sum()
    if sp.issparse(X) and X.nnz < SPARSE_COVARIANCE_DENSITY * np.prod(X.shape):
        Xw = X.multiply(w[:, None]).tocsr()
        cov = np.asarray((X.T @ Xw).todense(), dtype=np.float64) / total
        cov -= np.outer(mean, mean)
        return cov
    cov = np.zeros((n_features, n_features), dtype=np.float64)
    root_w = None if np.all(w == w[0]) else np.sqrt(w)
    for start in range(0, X.shape[0], CHUNK_ROWS):
        Xc = X[start : start + CHUNK_ROWS]
        if sp.issparse(Xc):
            Xc = Xc.toarray()
        Xc = np.subtract(Xc, mean, dtype=np.float64)
        if root_w is not None:
            # sum_p w_p x_p x_p^T = (sqrt(w) x)^T (sqrt(w) x): one product
            Xc *= root_w[start : start + CHUNK_ROWS, None]
        cov += Xc.T @ Xc
    if root_w is None:
        cov *= w[0]
    cov /= total
    return cov


class InputWhitener(
    OneToOneFeatureMixin,
    ClassNamePrefixFeaturesOutMixin,
    TransformerMixin,
    DocLinkMixin,
    CallbackSupportMixin,
    BaseEstimator,
):
    """Normalize the inputs: center, standardize, or PCA/ZCA-whiten them.

    Efficient BackProp's trick on inputs: shift each input to zero mean,
    decorrelate the inputs, and equalize their variances, so that the
    Hessian of the first layer is well conditioned and gradient descent
    stops zig-zagging.

    Parameters
    ----------
    method : {"zca", "pca", "standardize", "center"}, default="zca"
        - ``"center"``: subtract the mean.
        - ``"standardize"``: subtract the mean, divide by the standard
          deviation (constant columns are left unscaled).
        - ``"pca"``: rotate onto the principal axes of the covariance and
          scale each to unit variance (optionally keeping ``n_components``).
        - ``"zca"``: PCA whitening rotated back onto the input axes, so that
          each output stays aligned with its own input.
    n_components : int, default=None
        With ``"pca"`` or ``"zca"``: how many principal directions to keep
        (all when None).  ``"zca"`` keeps ``n_features`` outputs, of rank
        ``n_components``.  Ignored by ``"center"`` and ``"standardize"``.
    epsilon : float, default=1e-8
        Added to each variance before the square root: a regularizer that
        bounds the gain on directions of tiny variance.
    copy : bool, default=True
        If False, ``"center"`` and ``"standardize"`` transform a float array
        in place where possible.

    Attributes
    ----------
    mean_ : ndarray of shape (n_features,)
        The (weighted) mean of the training data.
    scale_ : ndarray of shape (n_features,) or None
        ``"standardize"``: the standard deviation used to divide each input
        (1 for constant inputs); None for the other methods.
    components_ : ndarray of shape (`n_components_`, n_features)
        ``"pca"``/``"zca"``: principal axes, by decreasing variance.
    explained_variance_ : ndarray of shape (`n_components_`,)
        ``"pca"``/``"zca"``: the variance along each kept axis.
    n_components_ : int
        Number of kept directions (``n_features`` for center/standardize).
    n_features_in_ : int
    feature_names_in_ : ndarray of shape (`n_features_in_`,)
        Defined when X has feature names that are all strings.

    See Also
    --------
    sklearn.preprocessing.StandardScaler : ``method="standardize"``.
    sklearn.decomposition.PCA : ``PCA(whiten=True)`` is ``method="pca"``.

    Notes
    -----
    With mean m and covariance C = V diag(lambda) V^T, the transforms are
    ``(x - m)`` (center), ``(x - m) / s`` (standardize), ``(x - m) V / d``
    (pca) and ``(x - m) V / d V^T`` (zca), where ``d = sqrt(lambda +
    epsilon)``.  Eigenvalues below ``n_features * eps * lambda_max`` (the
    directions of constant or linearly dependent inputs, where the data do
    not vary) are treated as zero and their coordinates set to 0 (the paper's
    advice to drop linearly dependent inputs), so the output is always finite,
    does not depend on an arbitrary basis of that null space, and the
    covariance of the training data is the identity on the directions that
    vary, zero on the others.  The covariance is accumulated in float64 over
    chunks of rows, so the memory beyond the data is O(n_features^2).

    Sparse input is refused: centering would make the matrix dense.  The
    estimators of skebp accept sparse input: they compute the statistics
    without densifying it (a matrix denser than 7 % from dense chunks of
    rows) and whiten one mini-batch at a time, or, under PCA and ZCA
    whitening, which make it dense anyway, the whole matrix once when its
    dense copy fits in a quarter of the memory available.

    References
    ----------
    Y. LeCun, L. Bottou, G. Orr, K.-R. Mueller, "Efficient BackProp", 1998,
    section 1.4.3.  A. Kessy, A. Lewin, K. Strimmer, "Optimal whitening and
    decorrelation", The American Statistician, 2018 (ZCA).

    Examples
    --------
    >>> import numpy as np
    >>> from skebp import InputWhitener
    >>> rng = np.random.RandomState(0)
    >>> X = rng.normal(size=(500, 3)) @ [[2.0, 1.0, 0.0], [0.0, 1.0, 0.5], [0, 0, 3]]
    >>> Xw = InputWhitener("zca").fit_transform(X)
    >>> np.allclose(np.cov(Xw, rowvar=False, bias=True), np.eye(3))
    True
    """

    _parameter_constraints = {
        "method": [StrOptions({"center", "standardize", "pca", "zca"})],
        "n_components": [Interval(numbers.Integral, 1, None, closed="left"), None],
        "epsilon": [Interval(numbers.Real, 0, None, closed="left")],
        "copy": ["boolean"],
    }

    def __init__(self, method="zca", *, n_components=None, epsilon=1e-8, copy=True):
        self.method = method
        self.n_components = n_components
        self.epsilon = epsilon
        self.copy = copy

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y=None, sample_weight=None):
        """Compute the statistics of the normalization.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            The input samples.
        y : None
            Ignored.
        sample_weight : array-like of shape (n_samples,), default=None
            Weights for the mean and the (co)variance.

        Returns
        -------
        self : InputWhitener
            The fitted estimator.
        """
        X = validate_data(self, X, dtype=(np.float64, np.float32), reset=True)
        if not CALLBACKS:
            return self._fit_arrays(X, sample_weight)
        # One task, no subtasks: the statistics are one pass over the data.
        context = self._init_callback_context()
        metadata = None if sample_weight is None else {"sample_weight": sample_weight}
        context.call_on_fit_task_begin(estimator=self, X=X, metadata=metadata)
        self._fit_arrays(X, sample_weight)
        context.call_on_fit_task_end(
            estimator=self, X=X, metadata=metadata, reconstruction_attributes={}
        )
        return self

    def _fit_arrays(self, X, sample_weight=None):
        """Fit on validated dense or sparse X (the estimators' entry point:
        the statistics of a sparse matrix need no densifying)."""
        n_samples, n_features = X.shape
        self.n_features_in_ = n_features
        if self.n_components is not None and self.method in ("pca", "zca"):
            if self.n_components > n_features:
                raise ValueError(
                    f"n_components={self.n_components} must be <= n_features="
                    f"{n_features}."
                )
        w = _check_sample_weight(
            sample_weight, X, dtype=np.float64, ensure_non_negative=True
        )
        total = w.sum()
        if not 0 < total < np.inf:
            raise ValueError(
                f"sample_weight must have a positive, finite sum; got {total}."
            )
        if self.method in ("pca", "zca"):
            check_memory(
                3 * n_features**2 * 8,
                f"InputWhitener(method={self.method!r}) on {n_features} features "
                f"({n_features} x {n_features} covariance and eigenvectors)",
                "use method='standardize', or n_components after a cheaper "
                "reduction such as sklearn.decomposition.TruncatedSVD",
            )
        # Values near the float64 limits: statistics of X / c, scaled back.
        c = extreme_scale(X.data if sp.issparse(X) else X)
        self._fit_statistics(X * (1.0 / c) if c != 1.0 else X, w, total)
        if c != 1.0:
            self._scale_back(c)
        self._map = self._build_linear_map()
        return self

    def _scale_back(self, c):
        """Statistics of ``X / c`` made those of ``X``."""
        self.mean_ *= c
        if self.scale_ is not None:
            self.scale_ *= c
        if self.method in ("pca", "zca"):
            scaled = self.explained_variance_
            with np.errstate(over="ignore", under="ignore"):
                self.explained_variance_ = scaled * (c * c)
            ev = self.explained_variance_
            if not np.all(np.isfinite(ev)) or np.any((scaled > 0) & (ev == 0)):
                how = "overflows" if c > 1 else "underflows"
                raise ValueError(
                    f"X has values up to {c:.3g}, whose variance {how} float64: "
                    f"rescale X (for example divide it by {c:.3g}) before "
                    f"{self.method.upper()} whitening."
                )

    def _fit_statistics(self, X, w, total):
        n_samples, n_features = X.shape
        self.mean_ = np.asarray(w @ X, dtype=np.float64).ravel() / total
        self.scale_ = None
        self.n_components_ = n_features
        if self.method == "standardize":
            if sp.issparse(X):
                sq = np.asarray(w @ X.multiply(X).tocsr(), dtype=np.float64).ravel()
                var = np.maximum(sq / total - self.mean_**2, 0.0)
            else:
                var = np.zeros(n_features)
                for start in range(0, n_samples, CHUNK_ROWS):
                    Xc = np.asarray(X[start : start + CHUNK_ROWS], np.float64)
                    var += w[start : start + CHUNK_ROWS] @ (Xc - self.mean_) ** 2
                var /= total
            scale = np.sqrt(var)
            # As scikit-learn's StandardScaler: constant columns (up to
            # rounding, relative to their mean) stay unscaled.
            scale[is_constant(var, self.mean_, n_samples)] = 1.0
            self.scale_ = scale
        elif self.method in ("pca", "zca"):
            cov = _weighted_covariance(X, self.mean_, w)
            evals, evecs = scipy.linalg.eigh(cov, overwrite_a=True, check_finite=False)
            evals, evecs = evals[::-1], evecs[:, ::-1]
            k = self.n_components or n_features
            evals = np.maximum(evals[:k], 0.0)
            components = evecs[:, :k].T
            # Deterministic signs (as scikit-learn's svd_flip): the largest
            # entry of each axis is positive.
            big = np.argmax(np.abs(components), axis=1)
            components *= np.sign(components[np.arange(k), big])[:, None]
            self.components_ = np.ascontiguousarray(components)
            self.explained_variance_ = evals
            self.n_components_ = k

    def _gains(self):
        """1 / sqrt(variance + epsilon) per kept axis; 0 on the axes of no
        variance, whose coordinates carry nothing and are dropped."""
        ev = self.explained_variance_
        top = ev[0] if ev.size else 0.0
        null = ev <= self.n_features_in_ * np.finfo(np.float64).eps * top
        return np.where(null, 0.0, 1.0 / np.sqrt(ev + self.epsilon))

    def _build_linear_map(self):
        """``(T, shift)`` in float64 such that the transform is ``X @ T -
        shift``; None for the diagonal methods.  Built once per fit: the
        estimators whiten sparse input one mini-batch at a time."""
        if self.method not in ("pca", "zca"):
            return None
        T = self.components_.T * self._gains()
        if self.method == "zca":
            T = T @ self.components_
        return T, self.mean_ @ T

    def _densifies(self):
        """Whether the transform of sparse rows is dense anyway (a rotation
        mixes the columns); centering also densifies, but is cheap per
        mini-batch."""
        return self._map is not None

    def _linear_map(self, dtype):
        """``(T, shift)`` in ``dtype``; ``(None, None)`` for the diagonal
        methods."""
        if self._map is None:
            return None, None
        T, shift = self._map
        return T.astype(dtype, copy=False), shift.astype(dtype, copy=False)

    def _transform_rows(self, X):
        """Transform a validated block of rows, dense or sparse (a sparse
        block is densified: keep it small)."""
        if sp.issparse(X):
            X = X.toarray()
        dtype = X.dtype
        T, shift = self._linear_map(dtype)
        if T is not None:
            out = X @ T
            out -= shift
            return out
        out = X.copy() if (self.copy or not X.flags.writeable) else X
        out -= self.mean_.astype(dtype)
        if self.scale_ is not None:
            out /= self.scale_.astype(dtype)
        return out

    def transform(self, X):
        """Normalize X with the fitted statistics.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            The input samples.

        Returns
        -------
        X_new : ndarray of shape (n_samples, `n_components_`) or (n_samples, n_features)
            The normalized samples: ``n_components_`` columns for ``"pca"``,
            ``n_features`` for the other methods.
        """
        check_is_fitted(self)
        X = validate_data(self, X, dtype=(np.float64, np.float32), reset=False)
        return self._transform_rows(X)

    def inverse_transform(self, X):
        """Map normalized data back to the input space.

        Exact (up to rounding) when no component was dropped.

        Parameters
        ----------
        X : array-like of shape (n_samples, `n_components_`) or (n_samples, n_features)
            Normalized samples.

        Returns
        -------
        X_original : ndarray of shape (n_samples, n_features)
            The samples in the input space.
        """
        check_is_fitted(self)
        X = np.array(X, dtype=None, copy=True)
        if X.dtype not in (np.float32, np.float64):
            X = X.astype(np.float64)
        dtype = X.dtype
        n_expected = self.n_components_ if self.method == "pca" else self.n_features_in_
        if X.ndim != 2 or X.shape[1] != n_expected:
            raise ValueError(
                f"X has shape {X.shape}; InputWhitener expects {n_expected} columns."
            )
        if self.method in ("pca", "zca"):
            V = self.components_
            if self.method == "zca":
                X = X @ V.T.astype(dtype)
            gains = self._gains()
            scale = np.divide(1.0, gains, out=np.zeros_like(gains), where=gains > 0)
            X = (X * scale.astype(dtype)) @ V.astype(dtype)
        elif self.scale_ is not None:
            X *= self.scale_.astype(dtype)
        X += self.mean_.astype(dtype)
        return X

    def get_feature_names_out(self, input_features=None):
        """Output feature names: the input names, or ``inputwhitener0, ...``
        for ``"pca"``.

        Parameters
        ----------
        input_features : array-like of str, default=None
            Input feature names, checked against ``feature_names_in_`` when given.

        Returns
        -------
        feature_names_out : ndarray of str objects
            The output feature names.
        """
        check_is_fitted(self)
        if self.method == "pca":
            return ClassNamePrefixFeaturesOutMixin.get_feature_names_out(
                self, input_features
            )
        return OneToOneFeatureMixin.get_feature_names_out(self, input_features)

    @property
    def _n_features_out(self):
        return self.n_components_

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.sparse = False
        tags.transformer_tags.preserves_dtype = ["float64", "float32"]
        return tags


# Public under skebp (see skebp/__init__.py): pickles and skops files name it there.
InputWhitener.__module__ = "skebp"
