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

from .._layers import OffsetRows
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


#: A dense input whose columns hold one value each but for at most this
#: share of their entries goes to the kernel in compressed rows around
#: those values too, and its first layer's products are taken from the
#: other entries: one-hot encoded tables, standardized or not, hold a few
#: percent (``benchmarks/bench_onehot.py`` measures where it pays).
ROW_SPARSE_DENSITY = 0.1
#: The same for the numpy path's mini-batches (:class:`OffsetRows`, whose
#: products scipy takes): forced on every table, they paid at 6.2 % and
#: 7.3 % of the entries (1.51x, 1.18x) and broke even at 9.5 % (0.98x;
#: ``benchmarks/bench_onehot.py``).
NUMPY_ROW_SPARSE_DENSITY = 0.07
#: Rows from which each column's value is taken.
OFFSET_SAMPLE = 64


def compressed_rows(X, dtype, width, whitener=None, density=None):
    """``(indptr, indices, values, offset, scratch)``: X as ``offset`` (each
    column's middle value among its first :data:`OFFSET_SAMPLE` rows: its
    common value where one value holds most of them, as a one-hot column's
    does) plus a matrix in compressed rows, when at most ``density`` of
    that matrix's entries are nonzero (:data:`ROW_SPARSE_DENSITY` by
    default, the kernel's threshold), and a
    scratch vector of the first hidden layer's ``width``; else empty arrays
    (whole rows are then gathered and multiplied).  A sparse X (CSR)
    is always given in compressed rows, standardized by ``whitener`` (a
    diagonal one) on the way: ``(X - mean) / scale`` is ``X / scale`` plus
    the offset ``-mean / scale``."""
    empty = np.empty(0, dtype)
    none = (np.empty(0, np.int64), np.empty(0, np.int64), empty, empty, empty)
    if sp.issparse(X):
        return (*_standardized_rows(X, dtype, whitener), np.empty(width, dtype))
    if X.size == 0:
        return none
    head = np.sort(X[:OFFSET_SAMPLE], axis=0)
    offset = np.ascontiguousarray(head[head.shape[0] // 2], dtype)
    # counted a block of rows at a time, and given up as soon as too many:
    # a large dense X costs no mask of its size
    density = ROW_SPARSE_DENSITY if density is None else density
    limit, found = density * X.size, 0
    for start in range(0, X.shape[0], PREDICT_CHUNK):
        found += np.count_nonzero(X[start : start + PREDICT_CHUNK] != offset)
        if found > limit:
            return none
    indptr = np.zeros(X.shape[0] + 1, dtype=np.int64)
    indices = np.empty(found, dtype=np.int64)
    values = np.empty(found, dtype)
    for start in range(0, X.shape[0], PREDICT_CHUNK):
        block = X[start : start + PREDICT_CHUNK]
        rows, cols = np.nonzero(block != offset)
        lo, hi = indptr[start], indptr[start] + rows.size
        indices[lo:hi] = cols
        values[lo:hi] = block[rows, cols] - offset[cols]
        counts = np.bincount(rows, minlength=block.shape[0])
        np.cumsum(counts, out=indptr[start + 1 : start + 1 + block.shape[0]])
        indptr[start + 1 : start + 1 + block.shape[0]] += lo
    return indptr, indices, values, offset, np.empty(width, dtype)


def _standardized_rows(X, dtype, whitener):
    """``(indptr, indices, values, offset)`` of the CSR matrix X as the
    diagonal ``whitener`` (or none) transforms it."""
    values = X.data.astype(dtype)
    offset = np.zeros(X.shape[1], dtype)
    if whitener is not None:
        mean = whitener.mean_.astype(dtype)
        scale = whitener.scale_
        if scale is None:
            offset -= mean
        else:
            scale = scale.astype(dtype)
            values /= scale[X.indices]
            offset -= mean / scale
    return (
        X.indptr.astype(np.int64),
        X.indices.astype(np.int64),
        np.ascontiguousarray(values),
        offset,
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
        #: ``X`` as :class:`OffsetRows` once :meth:`compress_rows` found it
        #: pays: what :meth:`batch` then draws from.
        self.offset_rows = None

    def compress_rows(self):
        """Keep the rows for :meth:`batch` as :class:`OffsetRows` (whitened,
        for a sparse X) where the first layer's products pay to take from
        the entries off their columns' values, at most
        :data:`NUMPY_ROW_SPARSE_DENSITY` of them: a dense X (one-hot encoded
        tables) or a sparse X with a diagonal whitener (which would densify
        each batch; without one the batches stay sparse anyway).  Returns
        whether."""
        density, X = NUMPY_ROW_SPARSE_DENSITY, self.X
        if not self.dense and (
            self.whitener is None
            or self.whitener._densifies()
            or X.nnz > density * X.shape[0] * X.shape[1]
        ):
            return False
        indptr, indices, values, offset, _ = compressed_rows(
            X, self.Y.dtype, 0, self.whitener, density
        )
        if not indptr.size:
            return False
        S = sp.csr_matrix((values, indices, indptr), shape=X.shape)
        self.offset_rows = OffsetRows(S, offset)
        return True

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
        sw, offset_rows = self.sample_weight, self.offset_rows
        if contiguous:
            Yb = self.Y[start:stop]
            swb = None if sw is None else sw[start:stop]
            if offset_rows is not None:
                return offset_rows._replace(S=offset_rows.S[start:stop]), Yb, swb
            Xb = self.X[start:stop]
        else:
            m = stop - start
            idx = order[start:stop]
            # mode="clip" (the indices are a permutation's, always valid):
            # "raise" gathers into a temporary and copies it over.
            Yb = self.Y.take(idx, axis=0, out=self._Yb[:m], mode="clip")
            swb = None if sw is None else sw[idx]
            if offset_rows is not None:
                return offset_rows._replace(S=take_rows(offset_rows.S, idx)), Yb, swb
            if self.dense:
                Xb = self.X.take(idx, axis=0, out=self._Xb[:m], mode="clip")
            else:
                Xb = take_rows(self.X, idx)
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
