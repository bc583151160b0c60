"""A probe's wrong arguments to the library API: each is a DeriveError naming the problem, never a bare builtin."""
from __future__ import annotations

import importlib.util

import numpy as np
import pytest
import sympy as sp

import derive
from derive import DeriveError, LayerError, ShapeError, UnknownVariable, build, layer
from derive.errors import ArgumentError

SIZES = {"n": "a"}


@layer("test_raises_keyerror", "L = f(z)", "z[n] -> []")
def _raises_keyerror(out, z):
    return {}["oops"]


def _tiny(**changes):
    spec = dict(sizes={"n": "a", "m": "b"},
                inputs={"x": ("data", ("m",), ""), "W": ("param", ("n", "m"), ""), "y": ("target", ("n",), "")},
                nodes=[("z", "linear", "W", "x"), ("L", "mse", "z", "y")], loss="L")
    spec.update(changes)
    return build("tiny", "", **spec)


@pytest.mark.parametrize("call, match", [
    (lambda: derive.show(None), "derive.show: expected a Model, a catalog model's name .*; got None"),
    (lambda: derive.show(3), "derive.show: expected a Model.*; got int 3"),
    (lambda: derive.derive(["softmax"]), "derive.derive: expected a Model.*; got list"),
    (lambda: derive.show("softmax", ""), "derive.show: the variable to differentiate by must be the name"),
    (lambda: derive.derive("softmax", 3), "derive.derive: the variable .*; got int 3"),
])
def test_a_wrong_source_or_variable_is_an_argument_error(call, match):
    with pytest.raises(ArgumentError, match=match) as info:
        call()
    assert isinstance(info.value, DeriveError) and isinstance(info.value, ValueError)


def test_a_catalog_name_stands_for_its_model_where_a_model_is_expected():
    numeric = pytest.importorskip("numeric")
    model = derive.get_model("softmax")
    assert derive.derive("softmax", "W") is derive.derive(model, "W")
    assert derive.derive_explicit("softmax", "W", {"n": 2, "m": 2}).result == \
        derive.derive_explicit(model, "W", {"n": 2, "m": 2}).result
    assert numeric.compile_model("softmax").model is model
    assert set(numeric.make_inputs("softmax")) == set(numeric.make_inputs(model))
    with pytest.raises(derive.UnknownModel, match="no model 'softmx' in the catalog"):
        numeric.compile_model("softmx")
    with pytest.raises(ArgumentError, match="compile_model: expected a Model.*; got None"):
        numeric.compile_model(None)


def test_report_text_names_the_known_formats():
    from reports.command import ReportError, report_text
    with pytest.raises(ReportError, match=r"unknown format 'pdf' \(known: html, tex, md\)"):
        report_text("softmax", "pdf")


@pytest.mark.parametrize("changes, error, match", [
    ({"nodes": [("z",)]}, ArgumentError, r"each entry of nodes= is \(out, layer, \*args\).*got tuple \('z',\)"),
    ({"nodes": ["z"]}, ArgumentError, "each entry of nodes= is"),
    ({"nodes": [("z", "linear", "W", 3)]}, ArgumentError, "node z: its arguments must be quantities' names"),
    ({"nodes": [("z", None, "W", "x")]}, ArgumentError, "node z: the layer must be a layer's name"),
    ({"inputs": {"x": ("data",)}}, ArgumentError, r"input x must be \(role, dims, description\)"),
    ({"inputs": {"x": ("data", "m", "")}}, ArgumentError, "input x has dims str 'm'; give a tuple"),
    ({"inputs": {"x": ("data", (2.5,), "")}}, ShapeError, "input x has dimension float 2.5; a dimension is a size"),
    ({"inputs": {"x": ("data", (-2,), "")}}, ShapeError, "input x has dimension int -2"),
    ({"inputs": {"x": ("data", (0,), "")}}, ShapeError, "input x has dimension int 0"),
    ({"inputs": {"x": ("data", (True,), "")}}, ShapeError, "input x has dimension bool True"),
    ({"target": "V"}, UnknownVariable, "model tiny: target 'V' is not a quantity of the model"),
    ({"labels": ["c"]}, UnknownVariable, "model tiny: label 'c' is not an input of the model"),
    ({"labels": ["z"]}, UnknownVariable, "model tiny: label 'z' is not an input"),
    ({"assumptions": [derive.sum_to_one("t", "n", "t sums to one")]}, UnknownVariable,
     "the assumption t sums to one is about 't', which is not a quantity"),
    ({"assumptions": ["sum(y) = 1"]}, ArgumentError, "assumptions are Assumption objects"),
])
def test_build_refuses_malformed_declarations(changes, error, match):
    if "inputs" in changes:  # the probe's one-input models, the loss a scalar hyper-parameter
        changes = {"inputs": {**changes["inputs"], "lam": ("hyper", (), "")}, "nodes": [], "loss": "lam"}
    with pytest.raises(error, match=match):
        _tiny(**changes)


def test_build_takes_an_input_without_description_and_whole_fixed_dimensions():
    model = build("m", "", sizes=SIZES, inputs={"x": ("data", (np.int64(2),)), "lam": ("hyper", ())},
                  nodes=[], loss="lam")
    assert model.quantity("x").shape == (sp.Integer(2),) and model.quantity("x").description == ""
    assert _tiny(target="W", labels=[], assumptions=[derive.sum_to_one("y", "n", "")]).target == "W"


def test_a_layer_definition_raising_anything_is_a_layer_error():
    model = build("m", "", sizes=SIZES, inputs={"x": ("data", ("n",), "")},
                  nodes=[("L", "test_raises_keyerror", "x")], loss="L")
    with pytest.raises(LayerError, match=r"layer test_raises_keyerror \(defining L\) failed: KeyError: 'oops'"):
        derive.derive(model, "x")


def test_layer_refuses_to_replace_an_existing_layer_unless_asked():
    with pytest.raises(LayerError, match="a layer called 'linear' exists already .*pass replace=True"):
        @layer("linear", "z_i = x_i", "x[n] -> [n]")
        def _linear(out, x):
            return x[out[0]]
    assert derive.LAYERS["linear"].formula == "z_i = Σ_k W_ik x_k"
    for _ in range(2):  # the same function declared again (a notebook cell run twice) is not a clash
        @layer("test_again", "q_i = 2 z_i", "z[n] -> [n]")
        def _again(out, z):
            return 2 * z[out[0]]
    try:
        @layer("test_again", "q_i = 3 z_i", "z[n] -> [n]", replace=True)
        def _replaced(out, z):
            return 3 * z[out[0]]
        assert derive.LAYERS["test_again"].formula == "q_i = 3 z_i"
    finally:
        derive.LAYERS.pop("test_again", None)
    with pytest.raises(LayerError, match="bad layer signature 'z -> n'"):
        layer("test_bad_signature", "q = z", "z -> n")


def _softmax_numeric():
    numeric = pytest.importorskip("numeric")
    model = derive.get_model("softmax")
    return numeric, numeric.compile_model(model), numeric.make_inputs(model, {"B": 3})


@pytest.mark.parametrize("dtype, match", [(object, "X holds values of dtype object"),
                                          (complex, "X holds complex numbers"),
                                          ("U3", "X holds values of dtype <U3")])
def test_loss_and_grads_refuses_arrays_that_are_not_real(dtype, match):
    numeric, compiled, inputs = _softmax_numeric()
    with pytest.raises(ArgumentError, match=f"loss_and_grads: {match}; give real numbers"):
        compiled.loss_and_grads(**{**inputs, "X": inputs["X"].astype(dtype)})
    with pytest.raises(ArgumentError, match=match):
        numeric.gradcheck(compiled, {**inputs, "X": inputs["X"].astype(dtype)})
    loss, _ = compiled.loss_and_grads(**{**inputs, "X": inputs["X"].tolist()})  # nested lists of floats are fine
    assert np.isrealobj(loss)


@pytest.mark.parametrize("dtype, match", [(object, "X holds values of dtype object"),
                                          (complex, "X holds complex numbers"),
                                          ("U3", "X holds values of dtype <U3")])
def test_the_written_module_refuses_arrays_that_are_not_real_in_the_same_words(dtype, match, tmp_path):
    # It imports only numpy: a plain ValueError, where before a complex X gave complex gradients and
    # text a NumPy error that named no argument.
    numeric, compiled, inputs = _softmax_numeric()
    path = tmp_path / "softmax_grad.py"
    path.write_text(compiled.source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("softmax_grad", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    bad = {**inputs, "X": inputs["X"].astype(dtype)}
    with pytest.raises(ValueError, match=f"loss_and_grads: {match}; give real numbers") as err:
        module.loss_and_grads(**bad)
    assert type(err.value) is ValueError
    loss, grads = module.loss_and_grads(**{**inputs, "X": inputs["X"].astype(np.int64)})  # integers are real
    assert np.isrealobj(loss) and grads["W"].dtype == np.float64


def test_a_compiled_models_bad_arguments_are_argument_errors_and_ragged_lists_are_named():
    numeric, compiled, inputs = _softmax_numeric()
    with pytest.raises(ArgumentError, match=r"loss_and_grads expects X: \(B, m\)"):
        compiled.loss_and_grads(**{**inputs, "X": inputs["X"][:, :-1]})
    with pytest.raises(ArgumentError, match="loss_and_grads: X is not an array of real numbers"):
        compiled.loss_and_grads(**{**inputs, "X": [[1.0, 2.0], [3.0]]})
    with pytest.raises(TypeError, match=r"takes keyword arguments X, W, Y; missing \['Y'\], unexpected \['Z'\]"):
        compiled.loss_and_grads(X=inputs["X"], W=inputs["W"], Z=inputs["Y"])


@pytest.mark.parametrize("kwargs, match", [
    ({"directions": 0}, "directions must be a whole number from 1 up"),
    ({"directions": -3}, "directions must be a whole number from 1 up"),
    ({"directions": 2.5}, r"directions must be a whole number from 1 up \(.*\); got float 2.5"),
    ({"eps": 0.0}, "eps must be a positive number"),
    ({"rtol": -1e-6}, "rtol must be a positive number"),
    ({"dtype": np.int64}, "dtype must be float64 or float32"),
    ({"dtype": "no-such-type"}, "dtype must be float64 or float32"),
])
def test_gradcheck_refuses_settings_that_check_nothing(kwargs, match):
    numeric, compiled, inputs = _softmax_numeric()
    with pytest.raises(ArgumentError, match=f"gradcheck: {match}"):
        numeric.gradcheck(compiled, inputs, **kwargs)
    with pytest.raises(ArgumentError, match="gradcheck: expected a compiled model"):
        numeric.gradcheck("softmax", inputs)


def test_make_inputs_refuses_a_dtype_that_is_not_floating_and_odd_sizes():
    numeric = pytest.importorskip("numeric")
    with pytest.raises(ArgumentError, match="make_inputs: dtype must be a floating-point dtype"):
        numeric.make_inputs("softmax", dtype=complex)
    with pytest.raises(ArgumentError, match="make_inputs: size B must be a whole number from 1 up; got float 2.5"):
        numeric.make_inputs("softmax", {"B": 2.5})
    assert numeric.make_inputs("softmax", dtype=np.float32)["X"].dtype == np.float32


def test_check_file_and_to_model_read_notes_too():
    # A probe: a .md or .tex path was reported as "malformed TOML".
    from pathlib import Path

    from derive.verify import check_file, to_model
    examples = Path(__file__).resolve().parent.parent / "examples"
    assert to_model(examples / "logistic.tex").name == "logistic"
    notes = check_file(examples / "softmax_notes.md", 10, context=1)
    assert notes.claims and notes.title == "Softmax regression, as the lecture notes write it"
    with pytest.raises(derive.InputError, match="holds 2 derive contexts"):
        to_model(examples / "softmax_notes.md")


@pytest.mark.parametrize("timeout", [0, -1, float("nan"), float("inf"), True, "10"])
def test_check_file_refuses_a_timeout_that_is_not_a_positive_number(timeout):
    # A probe: timeout=0 or -1 returned every claim "unchecked", silently.
    from pathlib import Path

    from derive.verify import check_file
    path = Path(__file__).resolve().parent.parent / "examples" / "softmax.derive.toml"
    with pytest.raises(ArgumentError, match="timeout is the seconds each claim may take, a positive number"):
        check_file(path, timeout)


def test_an_empty_wrt_on_the_command_line_is_refused(capsys):
    from derive.cli import parser
    with pytest.raises(SystemExit) as exc:
        parser().parse_args(["show", "softmax", "--wrt", ""])
    assert exc.value.code == 2 and "--wrt: expected a quantity's name, got an empty one" in capsys.readouterr().err


def test_render_names_the_known_formats():
    from derive.errors import ArgumentError
    from reports.render import render
    with pytest.raises(ArgumentError, match=r"unknown format 'pdf' \(known: html, tex, md\)"):
        render("report", "pdf")
