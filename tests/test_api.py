"""The library API as a programmer uses it: a new layer in a few lines, no change to derive's files."""
from __future__ import annotations

import numpy as np
import pytest
import sympy as sp

import derive
from _numeric_oracle import Oracle
from derive import LayerError, ShapeError, UnknownVariable, build, layer


@layer("test_swish", "q_i = z_i σ(z_i)", "z[n] -> [n]")
def _swish(out, z):
    (i,) = out
    return z[i] / (1 + sp.exp(-z[i]))


@layer("test_opaque", "q_i = f(z_i)", "z[n] -> [n]")
def _opaque(out, z):
    (i,) = out
    return sp.Function("f")(z[i])


INPUTS = {"x": ("data", ("m",), "features"), "W": ("param", ("n", "m"), "weights"),
          "y": ("target", ("n",), "targets")}


def swish_model():
    return build("swish-mse", "linear layer, swish, squared error", sizes={"n": "outputs", "m": "features"},
                 inputs=INPUTS, nodes=[("z", "linear", "W", "x"), ("q", "test_swish", "z"), ("L", "mse", "q", "y")],
                 loss="L", target="W")


def test_user_layer_derivation_steps_and_results():
    model = swish_model()
    dv = derive.derive(model, "W")
    assert dv.steps[-1].rule == "matrix form" and dv.matrix is not None
    i, j, k = (sp.Symbol(c, integer=True) for c in "ijk")
    z, q, y, x = (sp.IndexedBase(c) for c in "zqyx")
    sig = 1 / (1 + sp.exp(-z[j]))
    expected = (q[j] - y[j]) * (sig + z[j] * sig * (1 - sig)) * x[k]
    oracle = Oracle(model, {"n": 2, "m": 2}, seed=4)
    for at in [(1, 1), (1, 2), (2, 1)]:
        bind = dict(zip(dv.indices, at))
        fd = oracle.fd("L", (), "W", at)
        assert oracle.instantiate(dv.result, bind) == pytest.approx(fd, rel=1e-6)
        assert oracle.instantiate(expected, bind) == pytest.approx(fd, rel=1e-6)
    assert isinstance(dv.matrix, sp.MatrixExpr) and dv.matrix.shape == (sp.Symbol("n", integer=True, positive=True),
                                                                          sp.Symbol("m", integer=True, positive=True))


def test_user_layer_compiles_to_numpy_and_passes_gradcheck():
    numeric = pytest.importorskip("numeric")
    model = swish_model()
    compiled = numeric.compile_model(model)
    inputs = numeric.make_inputs(model, {"B": 5, "n": 3, "m": 4}, seed=1)
    loss, grads = compiled.loss_and_grads(**inputs)
    assert np.isfinite(loss) and set(grads) == {"W", "X"}
    assert numeric.gradcheck(compiled, inputs).passed


def test_user_layer_renders_a_report():
    from reports.build import build_model_report
    from reports.render import render
    html = render("report", "html", r=build_model_report(swish_model(), "W"))
    assert "<math" in html and "swish" in html


def test_unknown_variable_names_the_model():
    with pytest.raises(UnknownVariable, match="model swish-mse has no quantity 'V'"):
        derive.derive(swish_model(), "V")


def test_shapes_that_do_not_compose_name_the_node_and_layer():
    with pytest.raises(ShapeError, match=r"node z: layer linear: size m is m in one argument but n in x"):
        build("bad", "", sizes={"n": "a", "m": "b"},
              inputs={"x": ("data", ("n",), ""), "W": ("param", ("n", "m"), "")},
              nodes=[("z", "linear", "W", "x")], loss="z")


def test_unknown_layer_is_named():
    with pytest.raises(LayerError, match="node z: unknown layer 'lineer'"):
        build("bad", "", sizes={"n": "a"}, inputs={"x": ("data", ("n",), "")},
              nodes=[("z", "lineer", "x")], loss="z")


def test_a_definition_sympy_cannot_differentiate_names_the_layer():
    model = build("opaque", "", sizes={"n": "a", "m": "b"}, inputs=INPUTS,
                  nodes=[("z", "linear", "W", "x"), ("q", "test_opaque", "z"), ("L", "mse", "q", "y")], loss="L")
    with pytest.raises(LayerError, match="layer test_opaque: SymPy left ∂q/∂z unevaluated"):
        derive.derive(model, "W")


def test_the_catalog_is_reachable_from_the_package():
    assert derive.get_model("softmax") is derive.CATALOG["softmax"]
    assert "test_swish" in derive.LAYERS


def _catalog_matrix_forms():
    from derive.catalog import CATALOG
    return [(name, q.name) for name, model in CATALOG.items() for q in model.inputs if q.role == "param"]


@pytest.mark.parametrize("name, wrt", _catalog_matrix_forms())
def test_print_matrix_form_reads_as_derive_show_and_stays_sympy(name, wrt):
    import pickle

    from derive import printing
    dv = derive.derive(derive.get_model(name), wrt)
    shown = str(dv.matrix)
    assert shown == printing.text(dv.matrix) and f"{dv.matrix_lhs} = {shown}" in str(dv)
    assert not any(raw in shown for raw in ("Lambda", "HadamardProduct", "_x", ".T", "*", "sigma"))
    # Still the SymPy matrix expression it was: equal, same hash, rebuilt and unpickled as plain SymPy.
    plain = dv.matrix.func(*dv.matrix.args)
    assert type(plain).__module__.startswith("sympy.") and isinstance(dv.matrix, sp.MatrixExpr)
    assert plain == dv.matrix and dv.matrix == plain and hash(plain) == hash(dv.matrix)
    assert str(plain) != shown or "ᵀ" not in shown and "⊙" not in shown
    assert pickle.loads(pickle.dumps(dv.matrix)) == plain and repr(dv.matrix) == repr(plain)


def test_build_names_an_undeclared_size_and_an_unknown_role():
    # a probe: a size sizes= does not declare was a bare KeyError, and a misspelt role was taken silently
    nodes = [("z", "linear", "W", "x"), ("L", "mse", "z", "y")]
    inputs = {"x": ("data", ("m",), "f"), "W": ("param", ("n", "m"), "w"), "y": ("target", ("n",), "t")}
    with pytest.raises(ShapeError, match="input x has size 'm', which sizes= does not declare"):
        build("bad", "d", sizes={"n": "classes"}, inputs=inputs, nodes=nodes, loss="L")
    with pytest.raises(ShapeError, match="input x has role 'features'"):
        build("bad", "d", sizes={"n": "classes", "m": "features"}, nodes=nodes, loss="L",
              inputs={**inputs, "x": ("features", ("m",), "f")})


@pytest.mark.parametrize("value", [0, -1, 2.5, 201, True, "3"])
def test_explicit_sizes_from_the_library_are_checked_as_on_the_command_line(value):
    # a probe: derive.show(sizes={"n": 0}) wrote out empty arrays, 2.5 was read as 2, 1000 ran for minutes
    from derive.catalog import get
    from derive.explicit import derive_explicit
    from derive.sizes import SizeError
    for call in (lambda: derive.show("softmax", sizes={"n": value}),
                 lambda: derive_explicit(get("softmax"), None, {"n": value, "m": 2})):
        with pytest.raises(SizeError, match="a size must be a whole number between 1 and 200"):
            call()
    assert derive.show("softmax", sizes={"n": np.int64(2)}).sizes["n"] == 2
