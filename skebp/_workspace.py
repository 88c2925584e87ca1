"""The buffers of a network's passes, allocated once per fit (or per
prediction chunk), and the per-layer views of the flat vectors they see."""

import numpy as np

#: Flat vectors whose views a workspace keeps (parameters, gradient, ...).
VIEW_CACHE = 4


class Workspace:
    """Buffers for a forward and backward pass on up to ``n_rows`` samples.

    Allocated once per fit (or per prediction chunk); a smaller batch uses the
    leading rows of each buffer, which stay C-contiguous.  One entry per
    layer in each list:

    ``pre``
        pre-activations (the activation's input);
    ``out``
        activations (the layer's output; ``pre`` itself for identity units);
    ``delta``
        derivatives of the loss backpropagated to the pre-activations;
    ``scratch``
        room for the activation derivatives;
    ``normed``, ``inv_std``
        normalized layers: the normalized pre-activations and the inverse
        standard deviations of the last pass (None elsewhere).
    """

    def __init__(self, network, n_rows, dtype):
        sizes = network.layer_sizes[1:]
        self.n_rows = n_rows
        self.dtype = np.dtype(dtype)
        self.pre = [np.empty((n_rows, m), dtype=dtype) for m in sizes]
        self.out = [
            z if act == "identity" else np.empty_like(z)
            for z, act in zip(self.pre, network.activations)
        ]
        self.delta = [np.empty_like(z) for z in self.pre]
        self.scratch = [np.empty_like(z) for z in self.pre]
        self.normed = [
            np.empty_like(z) if layer.n_extra else None
            for z, layer in zip(self.pre, network.layers)
        ]
        self.inv_std = [None] * len(sizes)
        self._network = network
        self._views = []

    def views(self, flat):
        """The network's per-layer views into ``flat`` (:meth:`Network.params`),
        made once per array: a training step's passes reuse them instead of
        slicing the parameter and gradient vectors anew on every batch."""
        for array, views in self._views:
            if array is flat:
                return views
        views = self._network.params(flat)
        # holding the array keeps its identity from being reused
        self._views = [*self._views[-(VIEW_CACHE - 1) :], (flat, views)]
        return views
