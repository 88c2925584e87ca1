"""Training data access: dense, sparse and whitened rows, written once.

Dense inputs are whitened by the estimator once, before training.  Sparse
inputs stay sparse (whitening would densify them) and every block of rows
read from them passes through the whitener on its way out, so the training
loops, the curvature estimates and radial placement all see the rows the
network sees, by one path: :meth:`TrainingData.rows`.
"""

import numpy as np
import scipy.sparse as sp
from sklearn.model_selection import train_test_split

from .._memory import available_bytes

#: Rows per chunk in predict and full-batch evaluations: bounds the memory.
PREDICT_CHUNK = 4096
#: A sparse input that PCA/ZCA whitening makes dense anyway is whitened once,
#: before training, when its dense copy takes at most this fraction of the
#: memory still available; else each mini-batch is whitened as it is drawn
#: (which costs a dense (batch x d) @ (d x d) product per step).
DENSIFY_FRACTION = 0.25


def in_model_dtype(X, dtype):
    """Validated inputs ``X`` (dense or CSR) cast to the fitted model's
    ``dtype``, refused where a value would become infinite in it."""
    if X.dtype.itemsize > dtype.itemsize:
        values = X.data if sp.issparse(X) else X
        largest = float(np.max(np.abs(values))) if values.size else 0.0
        if largest > float(np.finfo(dtype).max):
            raise ValueError(
                f"X has values up to {largest:.3g}, beyond the range of "
                f"{dtype} (largest {np.finfo(dtype).max:.3g}), the dtype this "
                f"model was fitted in: they would become infinite. Rescale X as "
                "the training data were, or fit on float64 data."
            )
    return X.astype(dtype, copy=False)


def take_rows(X, idx):
    """Rows ``idx`` of the CSR matrix ``X``, as ``X[idx]`` gives them, built
    from its arrays directly: scipy's fancy indexing costs about 125 µs a
    call whatever the size, three times this for the one-row batches of
    on-line learning."""
    starts, ends = X.indptr[idx], X.indptr[idx + 1]
    lengths = ends - starts
    indptr = np.zeros(idx.size + 1, dtype=X.indptr.dtype)
    np.cumsum(lengths, out=indptr[1:])
    if idx.size == 1:
        take = np.arange(starts[0], ends[0])
    else:
        take = np.repeat(starts - indptr[:-1], lengths) + np.arange(indptr[-1])
    return sp.csr_matrix(
        (X.data[take], X.indices[take], indptr), shape=(idx.size, X.shape[1])
    )


def densify_once(X, whitener):
    """Whether to whiten the sparse training rows ``X`` once, into a dense
    array, rather than one mini-batch at a time."""
    if not whitener._densifies():
        return False
    dense_bytes = X.shape[0] * whitener.n_components_ * X.dtype.itemsize
    return dense_bytes <= DENSIFY_FRACTION * available_bytes()


class TrainingData:
    """The training rows of one fit: inputs, encoded targets, weights, labels.

    Parameters
    ----------
    X : ndarray or CSR matrix of shape (n_samples, n_features)
        Dense rows already whitened, or sparse rows to whiten per block.
    Y : ndarray of shape (n_samples, n_outputs)
        Encoded targets, in X's dtype.
    sample_weight : ndarray of shape (n_samples,) or None
    labels : ndarray or None
        Class labels (presentation order ``"class_alternate"``), None for
        regression.
    whitener : InputWhitener or None
        Applied to every block of sparse rows.
    """

    def __init__(self, X, Y, sample_weight=None, labels=None, whitener=None):
        self.X, self.Y = X, Y
        self.sample_weight, self.labels = sample_weight, labels
        self.dense = not sp.issparse(X)
        self.whitener = None if self.dense else whitener
        self.n_samples = X.shape[0]
        self.total_weight = float(
            self.n_samples if sample_weight is None else sample_weight.sum()
        )
        if not self.total_weight > 0:
            raise ValueError("sample_weight must have a positive sum.")
        self.mean_weight = self.total_weight / self.n_samples

    def rows(self, block):
        """A block of ``X``'s rows as the network takes it: whitened (and
        dense) when ``X`` is sparse and a whitener is set."""
        if self.whitener is None:
            return block
        return self.whitener._transform_rows(block)

    def chunks(self, rows):
        """``(X, Y, sample_weight)`` of consecutive blocks of ``rows`` rows."""
        sw = self.sample_weight
        for start in range(0, self.n_samples, rows):
            stop = start + rows
            yield (
                self.rows(self.X[start:stop]),
                self.Y[start:stop],
                None if sw is None else sw[start:stop],
            )

    def sampler(self, rng):
        """``sample(size)``: a random float64 batch ``(X, Y, sample_weight)``
        drawn with replacement, for the curvature estimates."""
        sw = self.sample_weight

        def sample(size):
            idx = rng.randint(self.n_samples, size=size)
            X = self.X[idx] if self.dense else take_rows(self.X, idx)
            return (
                self.rows(X).astype(np.float64),
                self.Y[idx].astype(np.float64),
                None if sw is None else sw[idx].astype(np.float64),
            )

        return sample

    def batch_buffers(self, max_batch):
        """Allocate, once per fit, the buffers that :meth:`batch` gathers
        shuffled rows into."""
        dtype = self.Y.dtype
        self._Xb = (
            np.empty((max_batch, self.X.shape[1]), dtype=dtype) if self.dense else None
        )
        self._Yb = np.empty((max_batch, self.Y.shape[1]), dtype=dtype)

    def batch(self, order, start, stop, contiguous):
        """Rows ``order[start:stop]`` (or ``start:stop`` when ``contiguous``)
        as ``(X, Y, sample_weight)``, gathered into the preallocated buffers."""
        sw = self.sample_weight
        if contiguous:
            Xb, Yb = self.X[start:stop], self.Y[start:stop]
            swb = None if sw is None else sw[start:stop]
        else:
            m = stop - start
            idx = order[start:stop]
            # mode="clip" (the indices are a permutation's, always valid):
            # "raise" gathers into a temporary and copies it over.
            if self.dense:
                Xb = self.X.take(idx, axis=0, out=self._Xb[:m], mode="clip")
            else:
                Xb = take_rows(self.X, idx)
            Yb = self.Y.take(idx, axis=0, out=self._Yb[:m], mode="clip")
            swb = None if sw is None else sw[idx]
        return self.rows(Xb), Yb, swb


def forward_chunked(network, theta, X, transform=None, pre_activation=False):
    """Network outputs (or output pre-activations) for the rows of ``X``, a
    chunk of ``PREDICT_CHUNK`` rows at a time, each passed through
    ``transform`` (the whitener) first when given."""
    n = X.shape[0]
    out = np.empty((n, network.layer_sizes[-1]), dtype=theta.dtype)
    ws = network.workspace(min(max(n, 1), PREDICT_CHUNK), theta.dtype)
    for start in range(0, n, PREDICT_CHUNK):
        chunk = X[start : start + PREDICT_CHUNK]
        if transform is not None:
            chunk = transform(chunk)
        m = chunk.shape[0]
        A = network.forward(theta, chunk, ws)
        out[start : start + m] = ws.pre[-1][:m] if pre_activation else A
    return out


def split_validation(arrays, fraction, rng, stratify=None):
    """Hold out ``fraction`` of the rows of every array in ``arrays`` (None
    entries stay None), stratified on ``stratify`` when given, as
    scikit-learn's MLP does; returns ``(train, validation)`` lists."""
    n = arrays[0].shape[0]
    if np.ceil(fraction * n) < 2:
        raise ValueError(
            "The validation set is too small. Increase 'validation_fraction' "
            "or the size of your dataset."
        )
    if stratify is not None and not _can_stratify(stratify, fraction):
        stratify = None
    present = [a for a in arrays if a is not None]
    split = train_test_split(
        *present, test_size=fraction, random_state=rng, stratify=stratify
    )
    train, val, k = [], [], 0
    for a in arrays:
        if a is None:
            train.append(None)
            val.append(None)
        else:
            train.append(split[2 * k])
            val.append(split[2 * k + 1])
            k += 1
    return train, val


def _can_stratify(labels, fraction):
    """Whether a stratified split exists: every class has two members and
    both sides can hold one row of each class (else scikit-learn's splitter
    refuses; its MLP then splits without stratifying, and so do we)."""
    counts = np.unique(labels, return_counts=True)[1]
    n = labels.shape[0]
    n_val = int(np.ceil(fraction * n))
    return counts.min() >= 2 and min(n_val, n - n_val) >= counts.size
