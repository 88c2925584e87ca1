import numpy as np
import pytest

from skebp._activations import ACTIVATIONS, softmax
from skebp._losses import LOSSES, softmax_gauss_newton_factor

CASES = [(loss, out) for loss in sorted(LOSSES) for out in LOSSES[loss].out_activations]


def _outputs(Z, out):
    if out == "softmax":
        return softmax(Z, np.empty_like(Z))
    return ACTIVATIONS[out].forward(Z, np.empty_like(Z))


def _targets(rng, shape, out):
    if out == "softmax":
        return np.eye(shape[1])[rng.randint(shape[1], size=shape[0])]
    if out == "logistic":
        return rng.randint(2, size=shape).astype(float)
    return rng.normal(size=shape)


def test_registry_keys_are_names():
    assert all(k == v.name for k, v in LOSSES.items())


@pytest.mark.parametrize("loss_name, out", CASES)
def test_delta_is_gradient_wrt_preactivation(loss_name, out):
    rng = np.random.RandomState(0)
    loss = LOSSES[loss_name]
    Z = rng.normal(size=(5, 3))
    Y = _targets(rng, Z.shape, out)
    delta = loss.delta(Y, Z, _outputs(Z, out), out, np.empty_like(Z))
    h = 1e-6
    numeric = np.empty_like(Z)
    for idx in np.ndindex(Z.shape):
        Zp, Zm = Z.copy(), Z.copy()
        Zp[idx] += h
        Zm[idx] -= h
        lp = loss.per_sample(Y, _outputs(Zp, out), out)[idx[0]]
        lm = loss.per_sample(Y, _outputs(Zm, out), out)[idx[0]]
        numeric[idx] = (lp - lm) / (2 * h)
    np.testing.assert_allclose(delta, numeric, rtol=1e-5, atol=1e-7)


def test_values():
    Y = np.array([[0.0, 1.0]])
    A = np.array([[0.5, 0.25]])
    se = LOSSES["squared_error"].per_sample(Y, A, "identity")
    np.testing.assert_allclose(se, [0.5 * (0.25 + 0.5625)])
    ce = LOSSES["cross_entropy"].per_sample(Y, np.array([[0.75, 0.25]]), "softmax")
    np.testing.assert_allclose(ce, [-np.log(0.25)])
    bce = LOSSES["cross_entropy"].per_sample(Y, A, "logistic")
    np.testing.assert_allclose(bce, [-np.log(0.5) - np.log(0.25)])


def test_cross_entropy_finite_at_saturation():
    Y = np.array([[1.0, 0.0]])
    A = np.array([[0.0, 1.0]])
    assert np.isfinite(LOSSES["cross_entropy"].per_sample(Y, A, "logistic")).all()
    assert np.isfinite(LOSSES["cross_entropy"].per_sample(Y, A, "softmax")).all()


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("K", [2, 3, 10])
def test_softmax_gauss_newton_factor_has_rank_columns(K, dtype):
    # K - 1 columns whose outer product is the softmax cross-entropy's
    # output Hessian diag(p) - p p^T, also where one output takes all the
    # probability (p = e_k up to rounding) or ties with another
    rng = np.random.RandomState(K)
    Z = 3.0 * rng.normal(size=(40, K))
    Z[0] = 0.0
    Z[0, K - 1] = 60.0
    Z[1] = 0.0
    P = np.exp(Z - Z.max(axis=1, keepdims=True))
    P /= P.sum(axis=1, keepdims=True)
    F = softmax_gauss_newton_factor(P.astype(dtype))
    assert F.shape == (40, K, K - 1) and F.dtype == dtype
    hessians = np.stack([np.diag(p) - np.outer(p, p) for p in P])
    tol = 1e-6 if dtype == np.float32 else 1e-14
    np.testing.assert_allclose(np.einsum("pio,pjo->pij", F, F), hessians, atol=tol)
