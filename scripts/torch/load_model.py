"""Loading our model.json into torch.nn
=====================================

Idea: a model file of annotated-cnn (docs/model-format.md) already stores every tensor in
PyTorch's own layout, so moving a trained network to PyTorch is a matter of building the same
layers and copying the numbers, with no transposes:

    our layer (arch grammar)       torch module                         tensors copied
    conv<kH>x<kW>x<K>[p][s][b]     nn.Conv2d(C, K, (kH, kW), s, p,      weights (K, C, kH, kW) -> .weight
                                            bias=b)                     bias (K), only with b   -> .bias
    pool<n>[s<t>]                  nn.MaxPool2d(n, t)  (floor mode, as ours)
    dense<O>                       nn.Linear(F, O), after nn.Flatten()  weights (O, F) -> .weight
                                   when its input is still (C, H, W)    bias (O)       -> .bias
    relu | lrelu[<a>] | tanh |     nn.ReLU | nn.LeakyReLU(a, 0.01 when
    sigmoid | flatten                not written) | nn.Tanh | nn.Sigmoid | nn.Flatten
    drop<p>                        nn.Dropout(p)  (inverted dropout, as ours; the identity in eval mode)
    bn                             nn.BatchNorm2d(C) after (C, H, W),   gamma (C)    -> .weight
                                   nn.BatchNorm1d(F) after (F);         beta (C)     -> .bias
                                   eps 1e-5, momentum 0.1, as ours      mean (C)     -> .running_mean
                                                                        variance (C) -> .running_var

Shapes: an input batch is (N, C, H, W) float32 with pixels in [0, 1] (MNIST: C = 1, H = W = 28,
byte / 255), as in our gatherBatch; the output is (N, classes) logits, before any softmax.
Flattening (C, H, W) row-major is torch.flatten's order, so a dense layer's F columns line up.

Why a script of our own (beside the ONNX export): the layouts agree, so a reader can check each
line of the table above in a few lines of Python, and --check proves the agreement on real digits.

Use it from the command line (run it with /usr/bin/python3 and Debian's python3-torch):

    python3 scripts/torch/load_model.py out/model.json                 # prints the torch network
    python3 scripts/torch/load_model.py out/model.json --check c.json  # compares logits

or as a module (sys.path.insert(0, 'scripts/torch') first):

    from load_model import load
    net, model = load('out/model.json')    # net: torch.nn.Sequential in eval mode
    logits = net(images)                   # images: float32 (N, 1, 28, 28) in [0, 1]

`network(arch, input_shape)` builds the layers of an architecture string without loading
anything (bench/torch/ trains PyTorch's copies of our networks with it).

A check file is JSON written by our side: {"images": {"shape": [N, C, H, W], "data": [...]},
"logits": {"shape": [N, classes], "data": [...]}} with data in row-major order, like the
model file's tensors. --check accepts a logit that differs from ours by at most --tolerance
(1e-5) times max(1, |ours|): absolute for logits up to 1, relative above, since float32 itself
has steps of 8e-6 at 64 and a trained network's logits reach 80. The last line printed is
CHECK {json}: the largest absolute and scaled differences and how many images get the same class.
Bad flags: one `error:` line, exit 2; a file that cannot be read or used, or logits that
differ by more than --tolerance: one `error:` line, exit 1.
"""
import argparse
import json
import math
import re
import sys

FORMAT = 'annotated-cnn-model'
VERSION = 1


class ModelError(Exception):
    """A model or check file we cannot use; the message names what and why, in one line."""


# Reading the architecture
# ------------------------
# The same grammar as src/model/arch.ts: layer names joined by dashes.

CONV = re.compile(r'^conv(\d+)x(\d+)x(\d+)(?:p(\d+))?(?:s(\d+))?(b)?$')
POOL = re.compile(r'^pool(\d+)(?:s(\d+))?$')
DENSE = re.compile(r'^dense(\d+)$')
LRELU = re.compile(r'^lrelu(\d*\.?\d+)?$')
DROP = re.compile(r'^drop(\d*\.?\d+)$')

# Batch normalisation's constants (src/beyond/batchNorm.ts: BN_EPSILON, BN_MOMENTUM).
BN_EPS = 1e-5
BN_MOMENTUM = 0.1


def _positive(text, fallback, what, token):
    value = fallback if text is None else int(text)
    if value < 1:
        raise ModelError(f'"{token}": {what} must be a positive integer, got {text}')
    return value


def _tensor(torch, record, name, shape, layer):
    """The tensor `name` of a layer's record, checked to have exactly `shape`."""
    entry = record.get(name)
    if not isinstance(entry, dict) or 'shape' not in entry or 'data' not in entry:
        raise ModelError(f'layer {layer}: tensor "{name}" is missing')
    if list(entry['shape']) != list(shape):
        raise ModelError(f'layer {layer}: tensor "{name}" has shape {entry["shape"]}, expected {list(shape)}')
    if len(entry['data']) != math.prod(shape):
        raise ModelError(f'layer {layer}: tensor "{name}" has {len(entry["data"])} numbers, expected {math.prod(shape)}')
    return torch.tensor(entry['data'], dtype=torch.float32).reshape(shape)


def network(arch, input_shape=(1, 28, 28)):
    """The torch modules of an architecture string, for samples of `input_shape` [C, H, W]:
    (nn.Sequential, slots), where slots[i] maps our tensor names of layer i (the i-th token of
    `arch`) to the torch parameters that take them, {'weights': conv.weight, 'bias': ...}
    (for `bn`, also the running_mean and running_var buffers: {'gamma', 'beta', 'mean',
    'variance'}). Its parameters have torch's default initial values, and the network is in
    training mode (dropout drops, batch norm uses the batch's statistics) until .eval().
    Raises ModelError for a bad string."""
    import torch.nn as nn

    modules, slots = [], []
    shape = [int(n) for n in input_shape]  # one sample's shape as it flows through the layers
    for i, token in enumerate(arch.strip().split('-')):
        layer = f'{i + 1} ({token})'
        slot = {}
        if m := CONV.match(token):
            if len(shape) != 3:
                raise ModelError(f'layer {layer} needs an input [C, H, W], got {shape}')
            kh, kw, k = (_positive(m[j], 1, what, token) for j, what in ((1, 'kernel height'), (2, 'kernel width'), (3, 'number of filters')))
            pad, stride, bias = int(m[4] or 0), _positive(m[5], 1, 'stride', token), m[6] == 'b'
            conv = nn.Conv2d(shape[0], k, (kh, kw), stride=stride, padding=pad, bias=bias)  # no bias unless "b", as ours
            slot = {'weights': conv.weight, 'bias': conv.bias} if bias else {'weights': conv.weight}
            modules.append(conv)
            shape = [k, (shape[1] + 2 * pad - kh) // stride + 1, (shape[2] + 2 * pad - kw) // stride + 1]
        elif m := POOL.match(token):
            if len(shape) != 3:
                raise ModelError(f'layer {layer} needs an input [C, H, W], got {shape}')
            size = _positive(m[1], 1, 'pool size', token)
            stride = _positive(m[2], size, 'pool stride', token)
            modules.append(nn.MaxPool2d(size, stride))  # ceil_mode=False: a partial window is dropped, as ours
            shape = [shape[0], (shape[1] - size) // stride + 1, (shape[2] - size) // stride + 1]
        elif m := DENSE.match(token):
            outputs = _positive(m[1], 1, 'dense outputs', token)
            if len(shape) != 1:
                modules.append(nn.Flatten())  # (N, C, H, W) -> (N, C*H*W), C-major as ours
                shape = [math.prod(shape)]
            linear = nn.Linear(shape[0], outputs)
            slot = {'weights': linear.weight, 'bias': linear.bias}
            modules.append(linear)
            shape = [outputs]
        elif token == 'relu':
            modules.append(nn.ReLU())
        elif m := LRELU.match(token):
            alpha = 0.01 if m[1] is None else float(m[1])
            if not 0 <= alpha < 1:
                raise ModelError(f'"{token}": leaky ReLU slope must be in [0, 1), got {m[1]}')
            modules.append(nn.LeakyReLU(alpha))
        elif token == 'tanh':
            modules.append(nn.Tanh())
        elif token == 'sigmoid':
            modules.append(nn.Sigmoid())
        elif token == 'flatten':
            modules.append(nn.Flatten())
            shape = [math.prod(shape)]
        elif m := DROP.match(token):
            p = float(m[1])
            if not 0 <= p < 1:
                raise ModelError(f'"{token}": the drop probability must be below 1, got {m[1]}')
            modules.append(nn.Dropout(p))
        elif token == 'bn':
            if len(shape) not in (1, 3):
                raise ModelError(f'layer {layer} needs an input (F) or [C, H, W], got {shape}')
            norm = (nn.BatchNorm1d if len(shape) == 1 else nn.BatchNorm2d)(shape[0], eps=BN_EPS, momentum=BN_MOMENTUM)
            slot = {'gamma': norm.weight, 'beta': norm.bias, 'mean': norm.running_mean, 'variance': norm.running_var}
            modules.append(norm)
        else:
            raise ModelError(f'"{token}" is not a layer: expected conv<kH>x<kW>x<K>[p<pad>][s<stride>][b], pool<n>[s<stride>], dense<n>, relu, lrelu[<alpha>], tanh, sigmoid, flatten, drop<p> or bn')
        if min(shape) < 1:
            raise ModelError(f'layer {layer}: its input {shape} is too small')
        slots.append(slot)
    return nn.Sequential(*modules), slots


def build(model):
    """A torch.nn.Sequential equivalent to a parsed model file (a dict), with its parameters
    loaded, in eval mode. Raises ModelError, naming the problem, for a file it cannot use."""
    import torch

    if not isinstance(model, dict) or model.get('format') != FORMAT:
        raise ModelError(f'not an annotated-cnn model file ("format" must be "{FORMAT}")')
    if model.get('version') != VERSION:
        raise ModelError(f'model format version {model.get("version")!r} is not supported (expected {VERSION})')
    arch, shape, records = model.get('arch'), model.get('inputShape'), model.get('parameters')
    if not isinstance(arch, str) or not isinstance(shape, list) or len(shape) != 3 or not isinstance(records, list):
        raise ModelError('the model needs "arch", "inputShape" [C, H, W] and "parameters"')
    net, slots = network(arch, shape)
    tokens = arch.strip().split('-')
    if len(records) != len(tokens):
        raise ModelError(f'"{arch}" has {len(tokens)} layers but "parameters" has {len(records)} entries')
    with torch.no_grad():
        for i, (token, slot, record) in enumerate(zip(tokens, slots, records)):
            layer = f'{i + 1} ({token})'
            if not isinstance(record, dict) or record.get('layer') != token:
                raise ModelError(f'layer {layer}: its parameters are for "{record.get("layer") if isinstance(record, dict) else record}"')
            tensors = record.get('tensors', {})
            extra = sorted(set(tensors) - set(slot))
            if extra:
                raise ModelError(f'layer {layer}: unexpected tensor "{extra[0]}"')
            for name, parameter in slot.items():
                parameter.copy_(_tensor(torch, tensors, name, list(parameter.shape), layer))
    return net.eval()


def _read_json(path, what):
    try:
        with open(path, encoding='utf-8') as f:
            return json.load(f)
    except OSError as e:
        raise ModelError(f'{path}: cannot read the {what}: {e.strerror}') from None
    except ValueError as e:
        raise ModelError(f'{path}: the {what} is not JSON: {e}') from None


def load(path):
    """(net, model): the torch.nn.Sequential for the model file at `path`, with its
    parameters, in eval mode, and the file's parsed JSON (classes, metrics, ...)."""
    model = _read_json(path, 'model file')
    try:
        return build(model), model
    except ModelError as e:
        raise ModelError(f'{path}: {e}') from None


def check(net, path):
    """Runs the check file's images through `net` and compares its logits with the file's:
    {'images': N, 'max_abs_diff': largest |torch - ours|, 'max_scaled_diff': largest
    |torch - ours| / max(1, |ours|), 'same_class': images whose largest logit is the same}."""
    import torch

    data = _read_json(path, 'check file')
    try:
        images, logits = data['images'], data['logits']
        x = torch.tensor(images['data'], dtype=torch.float32).reshape(images['shape'])
        expected = torch.tensor(logits['data'], dtype=torch.float64).reshape(logits['shape'])
    except (KeyError, TypeError, RuntimeError) as e:
        raise ModelError(f'{path}: expected {{"images": {{"shape", "data"}}, "logits": {{"shape", "data"}}}}: {e}') from None
    with torch.no_grad():
        got = net(x).double()
    if got.shape != expected.shape:
        raise ModelError(f'{path}: the network gives logits of shape {list(got.shape)}, the file {list(expected.shape)}')
    diff = (got - expected).abs()
    scaled = diff / expected.abs().clamp(min=1.0)
    same = (got.argmax(1) == expected.argmax(1)).sum().item() if got.dim() == 2 else None
    return {'images': x.shape[0], 'max_abs_diff': diff.max().item(), 'max_scaled_diff': scaled.max().item(), 'same_class': same}


# The command
# -----------

class _Parser(argparse.ArgumentParser):
    def error(self, message):  # one line, exit 2, as the project's commands do
        print(f'error: {message} (see --help)', file=sys.stderr)
        sys.exit(2)


def main(argv=None):
    ap = _Parser(description='Load an annotated-cnn model.json into torch.nn; optionally compare logits.')
    ap.add_argument('model', help='the model file (docs/model-format.md)')
    ap.add_argument('--check', metavar='FILE', help='JSON with images and the logits our side computed for them')
    ap.add_argument('--tolerance', type=float, default=1e-5,
                    help='largest |torch - ours| / max(1, |ours|) --check accepts, per logit (default 1e-5: absolute up to 1, relative above)')
    ap.add_argument('--threads', type=int, default=1, help='torch threads (default 1)')
    a = ap.parse_args(argv)
    if not (a.tolerance >= 0) or a.threads < 1:
        ap.error(f'--tolerance must be >= 0 and --threads >= 1, got {a.tolerance} and {a.threads}')
    try:
        import torch
    except ImportError:
        print('error: cannot import torch: install it (Debian: apt-get install python3-torch) and run with /usr/bin/python3', file=sys.stderr)
        return 1
    torch.set_num_threads(a.threads)
    try:
        net, model = load(a.model)
        if a.check is None:
            print(net)
            print(f'{sum(p.numel() for p in net.parameters())} parameters; input (N, {", ".join(map(str, model["inputShape"]))}) float32, output (N, {len(model.get("classes", []))}) logits')
            return 0
        found = check(net, a.check)
    except ModelError as e:
        print(f'error: {e}', file=sys.stderr)
        return 1
    diff, scaled = found['max_abs_diff'], found['max_scaled_diff']
    ok = scaled <= a.tolerance
    print(f'{a.model}: {found["images"]} images, largest |torch - ours| = {diff:.3g}, '
          f'largest |torch - ours| / max(1, |ours|) = {scaled:.3g} (tolerance {a.tolerance:g}), '
          f'same class for {found["same_class"]}')
    print('CHECK ' + json.dumps(dict(found, arch=model['arch'], tolerance=a.tolerance, ok=ok, torch=torch.__version__)))
    if not ok:
        print(f'error: {a.model}: the logits differ by {scaled:.3g} of max(1, |logit|), more than the tolerance {a.tolerance:g}', file=sys.stderr)
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main())
