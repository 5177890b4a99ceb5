#!/usr/bin/env python3
"""Checks exported ONNX models with ONNX's own tools, and evaluates them independently.

    python3 scripts/check/onnx_check.py DIR

DIR holds what scripts/check/onnxFixtures.ts writes: for each model NAME.onnx and NAME.json
(the architecture, the input digits, and the logits and probabilities annotated-cnn computes
for them). For each model this script

  1. loads the file with onnx.load and runs onnx.checker.check_model(model, full_check=True),
     which also runs ONNX's shape inference and compares it with the shapes the file declares;
  2. checks the interface docs/onnx.md promises: input "input" float32 [N, C, H, W] with a
     symbolic N, outputs "logits" (and "probabilities") float32 [N, classes];
  3. evaluates the graph on the input digits with the small numpy evaluator below, which
     reads the nodes and initializers from the file and computes each operator from its
     definition in the ONNX operator documentation, in float64; and also with
     onnx.reference.ReferenceEvaluator when this onnx has it (1.13 and later; Debian
     bookworm's python3-onnx is 1.12.0 and has not; for BatchNormalization, whose opset-13
     version that evaluator gets wrong, on a copy declaring opset 15: see below);
  4. compares the logits and probabilities of each with annotated-cnn's, printing the largest
     difference: |Δ| / max(1, |ours|) must stay within 1e-5 (absolute below 1, relative above).

Exit status 0 if every model passes, 1 otherwise.
"""

import json
import sys
from pathlib import Path

import numpy as np
import onnx
import onnx.checker
import onnx.shape_inference
from onnx import numpy_helper

TOLERANCE = 1e-5


# A small evaluator for the operators the exporter writes (opset 13)
# ------------------------------------------------------------------
# Each operator takes its inputs (numpy arrays) and its attributes (a dict) and returns one
# array. An attribute we do not handle is an error, never silently ignored.

def _known(op, attrs, allowed):
    unknown = set(attrs) - set(allowed)
    if unknown:
        raise ValueError(f"{op}: attributes {sorted(unknown)} are not handled by this evaluator")


def conv(x, w, b=None, **attrs):
    _known("Conv", attrs, {"kernel_shape", "pads", "strides", "dilations", "group", "auto_pad"})
    if attrs.get("group", 1) != 1 or any(d != 1 for d in attrs.get("dilations", [1, 1])):
        raise ValueError("Conv: only group 1 and dilation 1 are handled")
    if attrs.get("auto_pad", b"NOTSET") not in (b"NOTSET", "NOTSET"):
        raise ValueError("Conv: only auto_pad NOTSET is handled")
    K, C, kH, kW = w.shape
    if list(attrs.get("kernel_shape", [kH, kW])) != [kH, kW]:
        raise ValueError("Conv: kernel_shape disagrees with the weights")
    top, left, bottom, right = attrs.get("pads", [0, 0, 0, 0])
    sH, sW = attrs.get("strides", [1, 1])
    xp = np.pad(x, ((0, 0), (0, 0), (top, bottom), (left, right)))
    N, _, H, W = xp.shape
    oH, oW = (H - kH) // sH + 1, (W - kW) // sW + 1
    y = np.zeros((N, K, oH, oW))
    # y[n, k, i, j] = Σ_c Σ_a Σ_b w[k, c, a, b] · xp[n, c, i·sH + a, j·sW + b]  (+ b[k])
    for a in range(kH):
        for bb in range(kW):
            patch = xp[:, :, a:a + sH * (oH - 1) + 1:sH, bb:bb + sW * (oW - 1) + 1:sW]
            y += np.einsum("nchw,kc->nkhw", patch, w[:, :, a, bb])
    if b is not None:
        y += b.reshape(1, K, 1, 1)
    return y


def max_pool(x, **attrs):
    _known("MaxPool", attrs, {"kernel_shape", "strides", "pads", "ceil_mode", "dilations", "auto_pad", "storage_order"})
    if any(p != 0 for p in attrs.get("pads", [0, 0, 0, 0])) or attrs.get("ceil_mode", 0) != 0:
        raise ValueError("MaxPool: only no padding and floor mode are handled")
    kH, kW = attrs["kernel_shape"]
    sH, sW = attrs.get("strides", [1, 1])
    N, C, H, W = x.shape
    oH, oW = (H - kH) // sH + 1, (W - kW) // sW + 1
    y = np.full((N, C, oH, oW), -np.inf)
    for a in range(kH):
        for b in range(kW):
            y = np.maximum(y, x[:, :, a:a + sH * (oH - 1) + 1:sH, b:b + sW * (oW - 1) + 1:sW])
    return y


def gemm(a, b, c=None, **attrs):
    _known("Gemm", attrs, {"alpha", "beta", "transA", "transB"})
    a = a.T if attrs.get("transA", 0) else a
    b = b.T if attrs.get("transB", 0) else b
    y = attrs.get("alpha", 1.0) * (a @ b)
    return y if c is None else y + attrs.get("beta", 1.0) * c


def flatten(x, **attrs):
    _known("Flatten", attrs, {"axis"})
    axis = attrs.get("axis", 1)
    return x.reshape(int(np.prod(x.shape[:axis])), -1)


def leaky_relu(x, **attrs):
    _known("LeakyRelu", attrs, {"alpha"})
    return np.where(x >= 0, x, attrs.get("alpha", 0.01) * x)


def batch_normalization(x, scale, bias, mean, var, **attrs):
    # Inference mode, the only one of opset 13's BatchNormalization (version 9): per channel c
    # of axis 1, y = scale[c] · (x − mean[c]) / √(var[c] + epsilon) + B[c], for x (N, C) or
    # (N, C, H, W) alike. momentum only matters to the optional outputs of training, which
    # the exporter does not ask for.
    _known("BatchNormalization", attrs, {"epsilon", "momentum"})
    shape = (1, -1) + (1,) * (x.ndim - 2)
    epsilon = attrs.get("epsilon", 1e-5)
    return scale.reshape(shape) * (x - mean.reshape(shape)) / np.sqrt(var.reshape(shape) + epsilon) + bias.reshape(shape)


def softmax(x, **attrs):
    _known("Softmax", attrs, {"axis"})
    axis = attrs.get("axis", -1)  # opset 13's default
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def _plain(op, f):
    def run(x, **attrs):
        _known(op, attrs, set())
        return f(x)
    return run


OPERATORS = {
    "Conv": conv,
    "MaxPool": max_pool,
    "Gemm": gemm,
    "Flatten": flatten,
    "Relu": _plain("Relu", lambda x: np.maximum(x, 0)),
    "LeakyRelu": leaky_relu,
    "Tanh": _plain("Tanh", np.tanh),
    "Sigmoid": _plain("Sigmoid", lambda x: 1 / (1 + np.exp(-x))),
    "Softmax": softmax,
    "BatchNormalization": batch_normalization,
    "Identity": _plain("Identity", lambda x: x),
}


def evaluate_numpy(model, feeds):
    """Runs the graph node by node, in float64, on a dict of named inputs; returns every value."""
    values = {t.name: numpy_helper.to_array(t).astype(np.float64) for t in model.graph.initializer}
    values.update({name: np.asarray(v, dtype=np.float64) for name, v in feeds.items()})
    for node in model.graph.node:
        if node.domain not in ("", "ai.onnx") or node.op_type not in OPERATORS:
            raise ValueError(f"node {node.name}: operator {node.domain}:{node.op_type} is not handled by this evaluator")
        attrs = {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}
        inputs = [values[name] for name in node.input if name != ""]
        (out,) = node.output
        values[out] = OPERATORS[node.op_type](*inputs, **attrs)
    return values


# onnx's ReferenceEvaluator (1.13 to 1.23.1 at least) gets BatchNormalization-9, the version
# of opsets 9 to 13, wrong: it takes a node for training mode whenever `momentum` is set, and
# the schema always sets it (default 0.9), so even a one-output node, which the operator's
# definition and onnxruntime run in test mode, normalises with running averages blended with
# the batch's statistics (https://github.com/onnx/onnx/pull/8442). Opset 15's version
# (training_mode, default 0) is right there. So when this evaluator has that fault, which a
# two-sample probe shows, a model with BatchNormalization is evaluated as a copy declaring
# opset 15: none of the operators the exporter writes computes anything different in
# opset 15 (BatchNormalization-15 in test mode is -9's test mode, Relu-14 and Identity-14
# only add types), and the copy passes the full check too.

def _reference_batch_norm_is_wrong(ReferenceEvaluator):
    """Whether this ReferenceEvaluator runs a one-output opset-13 BatchNormalization in training mode."""
    h = onnx.helper
    node = h.make_node("BatchNormalization", ["x", "s", "b", "m", "v"], ["y"])
    weights = [numpy_helper.from_array(np.array([a], dtype=np.float32), name) for name, a in (("s", 1), ("b", 0), ("m", 0), ("v", 1))]
    graph = h.make_graph([node], "probe", [h.make_tensor_value_info("x", onnx.TensorProto.FLOAT, [2, 1])],
                         [h.make_tensor_value_info("y", onnx.TensorProto.FLOAT, [2, 1])], weights)
    probe = h.make_model(graph, opset_imports=[h.make_opsetid("", 13)], ir_version=8)
    (y,) = ReferenceEvaluator(probe).run(None, {"x": np.array([[0], [2]], dtype=np.float32)})
    return not np.allclose(y, np.array([[0], [2]]) / np.sqrt(1 + 1e-5), rtol=0, atol=1e-6)


def _opset15_copy(model):
    copy = onnx.ModelProto()
    copy.CopyFrom(model)
    for opset in copy.opset_import:
        if opset.domain in ("", "ai.onnx"):
            opset.version = 15
    onnx.checker.check_model(copy, full_check=True)
    return copy


def evaluations(model, feeds, outputs):
    """The outputs by onnx's reference evaluator, if this version has one, and by the numpy evaluator."""
    values = evaluate_numpy(model, feeds)
    found = [("numpy evaluator (float64)", [values[name] for name in outputs])]
    try:
        from onnx.reference import ReferenceEvaluator  # onnx >= 1.13
    except ImportError:
        return found
    float32 = {k: np.asarray(v, dtype=np.float32) for k, v in feeds.items()}
    how = "onnx.reference.ReferenceEvaluator"
    if any(node.op_type == "BatchNormalization" for node in model.graph.node) and _reference_batch_norm_is_wrong(ReferenceEvaluator):
        model = _opset15_copy(model)
        how += " (opset-15 copy: onnx/onnx#8442)"
    return [(how, ReferenceEvaluator(model).run(outputs, float32))] + found


# The checks
# ----------

def dims(value_info):
    return [d.dim_param if d.HasField("dim_param") else d.dim_value for d in value_info.type.tensor_type.shape.dim]


def check_interface(model, expected):
    graph = model.graph
    problems = []
    inputs = [(i.name, i.type.tensor_type.elem_type, dims(i)) for i in graph.input]
    want = [("input", onnx.TensorProto.FLOAT, ["N"] + list(expected["shape"][1:]))]
    if inputs != want:
        problems.append(f"inputs are {inputs}, expected {want}")
    classes = len(expected["logits"]) // expected["shape"][0]
    outputs = [(o.name, o.type.tensor_type.elem_type, dims(o)) for o in graph.output]
    want = [(name, onnx.TensorProto.FLOAT, ["N", classes]) for name in ("logits", "probabilities")]
    if outputs != want:
        problems.append(f"outputs are {outputs}, expected {want}")
    if model.ir_version != 8 or [(o.domain, o.version) for o in model.opset_import] != [("", 13)]:
        problems.append(f"IR version {model.ir_version}, opsets {model.opset_import}; expected IR 8 and opset 13")
    return problems


def scaled_difference(got, ours):
    return float(np.max(np.abs(got - ours) / np.maximum(1, np.abs(ours))))


def check(path):
    expected = json.loads(path.with_suffix(".json").read_text())
    model = onnx.load(str(path))
    try:
        onnx.checker.check_model(model, full_check=True)
    except (onnx.checker.ValidationError, onnx.shape_inference.InferenceError) as error:
        print(f"error: {path}: check_model(full_check=True) failed: {str(error).splitlines()[0]}", file=sys.stderr)
        return False
    problems = check_interface(model, expected)
    x = np.array(expected["input"], dtype=np.float32).reshape(expected["shape"])
    print(f"{path.stem:18} {expected['arch']}: check_model(full_check=True) passed")
    for how, (logits, probabilities) in evaluations(model, {"input": x}, ["logits", "probabilities"]):
        ours_logits = np.array(expected["logits"], dtype=np.float64).reshape(logits.shape)
        ours_probabilities = np.array(expected["probabilities"], dtype=np.float64).reshape(probabilities.shape)
        d_logit = float(np.max(np.abs(logits - ours_logits)))
        s_logit = scaled_difference(logits, ours_logits)
        d_prob = float(np.max(np.abs(probabilities - ours_probabilities)))
        if not (s_logit <= TOLERANCE and d_prob <= TOLERANCE):  # so that NaN fails too
            problems.append(f"{how}: the outputs differ from annotated-cnn's beyond {TOLERANCE}")
        print(f"{'':18} {how}: largest |Δ logit| {d_logit:.2e} (scaled {s_logit:.2e}, tolerance {TOLERANCE:.0e}), |Δ probability| {d_prob:.2e}")
    for problem in problems:
        print(f"error: {path}: {problem}", file=sys.stderr)
    return not problems


def main(argv):
    if len(argv) != 2:
        print("usage: python3 scripts/check/onnx_check.py DIR", file=sys.stderr)
        return 2
    models = sorted(Path(argv[1]).glob("*.onnx"))
    if not models:
        print(f"error: {argv[1]}: no .onnx files", file=sys.stderr)
        return 1
    passed = [check(path) for path in models]
    return 0 if all(passed) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
