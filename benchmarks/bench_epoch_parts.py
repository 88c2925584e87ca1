"""Where a mini-batch epoch's time goes, part by part, beside the floor.

The epoch of ``bench_epoch.py`` (20,000 x 784, (100,) relu, softmax, batch
200, momentum 0.9, L2 penalty) written out as the numpy calls skebp's
``Network.loss_grad`` and ``Momentum.step`` make, each part timed inside the
running epoch (so with the caches as training leaves them).  "floor" parts are
the work of ``bench_epoch.first_layer_floor`` (the gather and the first
layer's two products); the rest is what skebp adds: about a dozen numpy calls
on arrays of 200 x 100 or smaller, and four passes over the 79,510
parameters.  The last line bounds what any fused (compiled) kernel for those
parts could gain end to end: at most ``total / floor``.

Run: python benchmarks/bench_epoch_parts.py [--epochs 10]
"""

import time
from collections import defaultdict

import numpy as np
from _timing import epoch_parser

from skebp._activations import softmax

FLOOR_PARTS = ("gather X", "first layer forward", "first layer weight gradient")


def epoch_parts(dtype, epochs, n=20_000, d=784, h=100, k=10, bs=200, l2=1e-4):
    """Seconds per epoch of each part, summed over ``epochs`` epochs."""
    rng = np.random.RandomState(0)
    X = rng.normal(size=(n, d)).astype(dtype)
    Y = np.eye(k, dtype=dtype)[(X[:, :k] @ rng.normal(size=(k, k))).argmax(axis=1)]
    sizes = [d * h, h, h * k, k]
    theta = (0.05 * rng.normal(size=sum(sizes))).astype(dtype)
    grad, velocity = np.empty_like(theta), np.zeros_like(theta)
    W1, b1, W2, b2 = np.split(theta, np.cumsum(sizes)[:-1])
    G1, g1, G2, g2 = np.split(grad, np.cumsum(sizes)[:-1])
    W1, W2, G1, G2 = (
        W1.reshape(d, h),
        W2.reshape(h, k),
        G1.reshape(d, h),
        G2.reshape(h, k),
    )
    Xb, Yb = np.empty((bs, d), dtype), np.empty((bs, k), dtype)
    Z1, A1, D1, S1 = (np.empty((bs, h), dtype) for _ in range(4))
    Z2, A2, D2 = (np.empty((bs, k), dtype) for _ in range(3))
    eps = np.finfo(dtype).eps
    seconds = defaultdict(float)
    clock = time.perf_counter

    def part(name, since):
        now = clock()
        seconds[name] += now - since
        return now

    for _ in range(epochs):
        order = rng.permutation(n)
        for s in range(0, n, bs):
            t = clock()
            idx = order[s : s + bs]
            np.take(X, idx, axis=0, out=Xb)
            t = part("gather X", t)
            np.take(Y, idx, axis=0, out=Yb)
            t = part("gather Y", t)
            np.dot(Xb, W1, out=Z1)
            t = part("first layer forward", t)
            np.add(Z1, b1, out=Z1)
            np.maximum(Z1, 0, out=A1)
            t = part("bias + relu", t)
            np.dot(A1, W2, out=Z2)
            np.add(Z2, b2, out=Z2)
            t = part("output layer forward", t)
            softmax(Z2, A2)
            t = part("softmax", t)
            losses = -np.einsum("ij,ij->i", Yb, np.log(np.clip(A2, eps, 1 - eps)))
            loss = float(losses.sum() / bs)
            t = part("cross-entropy", t)
            np.subtract(A2, Yb, out=D2)
            np.multiply(D2, 1.0 / bs, out=D2)
            np.dot(A1.T, D2, out=G2)
            np.sum(D2, axis=0, out=g2)
            np.dot(D2, W2.T, out=D1)
            t = part("output layer backward", t)
            np.greater(A1, 0, out=S1, casting="unsafe")
            np.multiply(D1, S1, out=D1)
            t = part("relu derivative", t)
            np.dot(Xb.T, D1, out=G1)
            t = part("first layer weight gradient", t)
            np.sum(D1, axis=0, out=g1)
            t = part("first layer bias gradient", t)
            for W, G in ((W1, G1), (W2, G2)):
                np.add(G, l2 * W, out=G)
                loss += 0.5 * l2 * float(np.dot(W.ravel(), W.ravel()))
            t = part("L2 penalty", t)
            np.multiply(grad, 0.01, out=grad)
            np.multiply(velocity, 0.9, out=velocity)
            np.subtract(velocity, grad, out=velocity)
            np.add(theta, velocity, out=theta)
            part("momentum step (4 passes)", t)
    return {name: s / epochs for name, s in seconds.items()}


def main(argv=None):
    args = epoch_parser(__doc__, epochs=10).parse_args(argv)
    for dtype in (np.float64, np.float32):
        epoch_parts(dtype, 1)  # warm up
        parts = epoch_parts(dtype, args.epochs)
        total = sum(parts.values())
        floor = sum(parts[name] for name in FLOOR_PARTS)
        print(f"\n{np.dtype(dtype).name}: seconds per epoch, mean of {args.epochs}")
        print(f"{'part':<30} {'s/epoch':>9} {'share':>6} {'floor':>6}")
        for name, s in parts.items():
            mark = "yes" if name in FLOOR_PARTS else ""
            print(f"{name:<30} {s:>9.5f} {s / total:>6.1%} {mark:>6}")
        print(
            f"{'total':<30} {total:>9.5f}\n{'floor parts':<30} {floor:>9.5f}\n"
            f"outside the floor: {total - floor:.5f} s/epoch; a kernel removing "
            f"all of it gains at most {total / floor:.2f}x end to end"
        )


if __name__ == "__main__":
    main()
