"""The estimators' private state as plain data, for pickle and skops.

A fitted estimator holds private objects (the network, the training record,
the optimizer with its rate rule and schedule).  Pickled as they are, each
would be a type that ``skops.io`` asks the user to trust.  The estimators'
``__getstate__`` turns them into builtins and arrays with
:func:`to_plain`, and ``__setstate__`` rebuilds them with
:func:`from_plain`, looking classes up only in skebp's own registries, so
that a skops file needs only the public estimator classes trusted.

What is kept: the parameters, the network (with batch normalization's
running statistics), the training record, and the first-order solver's full
state (optimizer buffers, per-weight rates, SDLM's running curvature, the
schedule, the ``"auto"`` rate's power-method vector), so ``partial_fit``
and ``warm_start`` continue after loading as they would have before saving.
Workspaces and scratch buffers are rebuilt when needed.
"""

from dataclasses import asdict

import numpy as np

from ._network import Network
from ._rates import PER_WEIGHT_RATES
from ._solvers import SCHEDULES, SOLVERS
from ._training import StochasticState, TrainingRecord

#: The private attributes of an estimator stored in plain form.
PLAIN_ATTRIBUTES = ("_network", "_record", "_state")


def _attrs(obj, skip=()):
    """An object's attributes, all builtins or arrays, minus ``skip``."""
    return {k: v for k, v in vars(obj).items() if k not in skip}


def _rebuild(cls, attrs):
    obj = cls.__new__(cls)
    obj.__dict__.update(attrs)
    return obj


def _network_to_plain(net):
    return {
        "layer_sizes": list(net.layer_sizes),
        "activations": list(net.activations),
        "loss": net.loss.name,
        "normalization": net.normalization,
        "running_mean": net.running_mean,
        "running_var": net.running_var,
    }


def _network_from_plain(d):
    net = Network(d["layer_sizes"], d["activations"], d["loss"], d["normalization"])
    for layer, mean, var in zip(net.layers, d["running_mean"], d["running_var"]):
        if mean is not None:
            layer.running_mean[...] = mean
            layer.running_var[...] = var
    return net


def _state_to_plain(state):
    opt, rule, schedule = state.optimizer, state.rule, state.schedule
    return {
        "optimizer": None
        if opt is None
        else {
            "name": opt.name,
            "attrs": _attrs(opt, skip=("schedule",)),
            "per_step_schedule": opt.schedule is not None,
        },
        "rule": None
        if rule is None
        else {
            "name": rule.name,
            "dtype": rule.dtype.str,
            "sdlm": _attrs(rule.sdlm, skip=("network", "_weights", "_ws"))
            if hasattr(rule, "sdlm")
            else None,
        },
        "schedule": None
        if schedule is None
        else {"name": schedule.name, "attrs": _attrs(schedule)},
        "psi": state.auto.psi,
        "lambda_max": state.auto.lambda_max,
    }


def _state_from_plain(d, network):
    state = StochasticState()
    state.auto.psi, state.auto.lambda_max = d["psi"], d["lambda_max"]
    if d["schedule"] is not None:
        state.schedule = _rebuild(
            SCHEDULES[d["schedule"]["name"]], d["schedule"]["attrs"]
        )
    if d["rule"] is not None:
        rule = d["rule"]
        sdlm = rule["sdlm"]
        mu = 1.0 if sdlm is None else sdlm["mu"]
        state.rule = PER_WEIGHT_RATES[rule["name"]](
            network, np.dtype(rule["dtype"]), mu
        )
        if sdlm is not None:
            state.rule.sdlm.__dict__.update(sdlm)
    if d["optimizer"] is not None:
        opt = d["optimizer"]
        state.optimizer = _rebuild(SOLVERS[opt["name"]], opt["attrs"])
        state.optimizer.schedule = state.schedule if opt["per_step_schedule"] else None
    return state


def to_plain(state):
    """The estimator's ``__dict__`` with its private objects as plain data."""
    state = dict(state)
    if "_network" in state:
        state["_network"] = _network_to_plain(state["_network"])
    if "_record" in state:
        state["_record"] = asdict(state["_record"])
    if "_state" in state:
        state["_state"] = _state_to_plain(state["_state"])
    return state


def from_plain(state):
    """Rebuild the private objects of a state made by :func:`to_plain`."""
    state = dict(state)
    network = None
    if isinstance(state.get("_network"), dict):
        network = state["_network"] = _network_from_plain(state["_network"])
    if isinstance(state.get("_record"), dict):
        state["_record"] = TrainingRecord(**state["_record"])
    if isinstance(state.get("_state"), dict):
        state["_state"] = _state_from_plain(state["_state"], network)
    return state
