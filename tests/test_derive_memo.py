"""Issue 14.6: ``derive()`` is memoised, and what it hands out can be shared safely.

A repeated derivation of an equal model is the same object; its mappings refuse writes, so
no caller can change what the next one gets; a construct registered since (which can rename
a step) and a different model, variable or ``assume`` are derived afresh.
"""
from __future__ import annotations

import dataclasses

import pytest
import sympy as sp

from derive import catalog, layer
from derive.engine import derive
from derive.language import Construct, register, unregister
from derive.model import build

SOFTMAX = catalog.get("softmax")


def test_a_repeated_derivation_is_the_same_object_and_an_equal_model_shares_it() -> None:
    dv = derive(SOFTMAX, "W")
    assert derive(SOFTMAX, "W") is dv
    assert derive(dataclasses.replace(SOFTMAX), "W") is dv  # equal by value, another object
    assert derive(SOFTMAX, "x") is not dv and derive(SOFTMAX, "x").wrt == "x"
    plain = derive(SOFTMAX, "W", assume=False)
    assert plain is not dv and plain.assumed == () and dv.assumed != ()
    renamed = dataclasses.replace(SOFTMAX, name="softmax-renamed")
    assert derive(renamed, "W") is not dv and derive(renamed, "W").model.name == "softmax-renamed"


def test_shared_derivations_cannot_be_changed_by_a_caller() -> None:
    dv = derive(SOFTMAX, "W")
    for mapping in (dv.sizes, dv.local, dv.adjoints):
        with pytest.raises(TypeError):
            mapping["n"] = 1  # type: ignore[index]
    with pytest.raises(dataclasses.FrozenInstanceError):
        dv.result = sp.Integer(0)  # type: ignore[misc]
    assert dict(dv.sizes) == {"n": "classes", "m": "features"}
    assert ("s", "z") in dv.local and "W" in dv.adjoints


class _Swoosh(sp.Function):
    """A function no construct owns yet: its step is named after the class until one is registered."""

    def fdiff(self, argindex=1):
        return sp.Integer(2) * self.args[0]


def test_a_construct_registered_since_is_not_served_a_stale_step_name() -> None:
    @layer("swoosh-test", "q_i = swoosh(z_i)", "z[n] -> [n]")
    def _swoosh(out, z):
        (i,) = out
        return _Swoosh(z[i])

    model = build("swoosh-net", "a test model", sizes={"n": "outputs"},
                  inputs={"z": ("data", ("n",), "inputs"), "y": ("target", ("n",), "targets")},
                  nodes=[("q", "swoosh-test", "z"), ("L", "mse", "q", "y")], loss="L", target="z")
    before = derive(model, "z")
    assert any("derivative of _Swoosh" in s.rule for s in before.steps)
    register(Construct("swoosh", "a test function", classes=(_Swoosh,), rule="the swoosh rule"))
    try:
        after = derive(model, "z")
        assert after is not before and any("the swoosh rule" in s.rule for s in after.steps)
        assert derive(model, "z") is after
    finally:
        unregister("swoosh")
    assert any("derivative of _Swoosh" in s.rule for s in derive(model, "z").steps)
