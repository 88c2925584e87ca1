import numpy as np
import pytest

from skebp._activations import ACTIVATIONS, LECUN_A, softmax

NAMES = sorted(ACTIVATIONS)


def _z():
    # Avoid the kinks of relu/leaky_relu at 0.
    z = np.linspace(-3, 3, 41)
    return z[np.abs(z) > 1e-3][None, :]


def test_registry_keys_are_names():
    assert all(k == a.name for k, a in ACTIVATIONS.items())
    assert set(NAMES) == {
        "lecun_tanh",
        "tanh",
        "logistic",
        "relu",
        "prelu",
        "leaky_relu",
        "identity",
        "swish",
        "softplus",
        "rbf",
    }


@pytest.mark.parametrize("name", NAMES)
def test_derivatives_match_central_differences(name):
    act = ACTIVATIONS[name]
    Z = _z()
    h = 1e-5
    f = lambda z: act.forward(z.copy(), np.empty_like(z))  # noqa: E731
    A = f(Z)
    d1 = act.derivative(Z, A, np.empty_like(Z))
    np.testing.assert_allclose(
        d1, (f(Z + h) - f(Z - h)) / (2 * h), rtol=1e-6, atol=1e-8
    )


@pytest.mark.parametrize("name", NAMES)
def test_forward_in_place_and_bounds(name):
    act = ACTIVATIONS[name]
    # a radial unit's input is a scaled squared distance: never negative
    Z = np.abs(_z()) if name == "rbf" else _z()
    expected = act.forward(Z, np.empty_like(Z))
    Z2 = Z.copy()
    assert act.forward(Z2, Z2) is Z2
    np.testing.assert_allclose(Z2, expected)
    lo, hi = act.bounds
    assert np.all((expected >= lo) & (expected <= hi))


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("name", NAMES)
def test_dtype_kept(name, dtype):
    act = ACTIVATIONS[name]
    Z = _z().astype(dtype)
    A = act.forward(Z, np.empty_like(Z))
    assert A.dtype == dtype
    assert act.derivative(Z, A, np.empty_like(Z)).dtype == dtype


def test_lecun_tanh_fixed_points():
    # f(+-1) = +-1 and the gain at 0 is about 1 (Efficient BackProp, 1.4.4).
    f = ACTIVATIONS["lecun_tanh"]
    one = f.forward(np.array([[-1.0, 1.0]]), np.empty((1, 2)))
    np.testing.assert_allclose(one, [[-1, 1]], atol=2e-4)
    gain = f.derivative(np.zeros((1, 1)), np.zeros((1, 1)), np.empty((1, 1)))
    np.testing.assert_allclose(gain, LECUN_A * 2 / 3)


def test_swish_minimum_and_softplus_large_inputs():
    z = np.linspace(-3, 0, 30001)[None, :]
    swish = ACTIVATIONS["swish"].forward(z, np.empty_like(z))
    assert swish.min() == pytest.approx(ACTIVATIONS["swish"].bounds[0], abs=1e-8)
    big = np.array([[-800.0, 800.0]])
    with np.errstate(over="raise"):
        out = ACTIVATIONS["softplus"].forward(big, np.empty_like(big))
    np.testing.assert_allclose(out, [[0.0, 800.0]], atol=1e-300)


def test_softmax_stable_and_normalized():
    Z = np.array([[1000.0, 1000.0, -1000.0], [0.0, 1.0, 2.0]])
    P = softmax(Z, np.empty_like(Z))
    np.testing.assert_allclose(P.sum(axis=1), 1)
    np.testing.assert_allclose(P[0], [0.5, 0.5, 0], atol=1e-250)
    assert np.all(np.isfinite(P))
    # the smallest probability stays a normal float (no slow subnormals)
    assert P[0, 2] >= np.finfo(np.float64).tiny
