"""Chapter 11's layers against PyTorch: the Python side
=====================================================

Idea: scripts/check/parityCheck.ts computes dropout, batch normalisation and whole training
runs with our layers and writes the inputs and its results into a bundle; this script
recomputes every one with torch (in the same precision, one thread) and compares.

    check       torch computes                                          compared
    dropout     y = x * mask, then y.backward(dy), mask: ours           y, dx; and our kept value
                                                                         1/(1 - p) with F.dropout's
    bn-train    nn.BatchNorm2d(C) for (N, C, H, W), nn.BatchNorm1d(F)    y, dx, d gamma, d beta,
                for (N, F), train mode, eps 1e-5, momentum 0.1           running mean and variance
    bn-eval     the same in eval mode; the gradients with respect to    y, dx, d gamma, d beta,
                the running statistics by autograd of the formula        d mean, d variance
                y = gamma (x - mean) / sqrt(variance + eps) + beta, in
                float64 (torch keeps them as buffers, without gradients)
    train       load_model.network(arch) with our initial parameters,    every final parameter and
                nn.Dropout replaced by multiplication with our masks;    running statistic
                each step: F.cross_entropy (mean), backward, then
                torch.optim.Adam(lr, betas, eps) or SGD(lr, momentum),
                in the precision of our run (float64 or float32)

Criterion, per tensor: largest |ours - torch| / largest |torch| <= tolerance (1e-5 in the
bundle): relative to the tensor's own scale, since rounding errors scale with it, while single
values of a gradient can be near 0 by cancellation. (A tensor of zeros is compared
absolutely.) A float32 training run is chaotic (parityCheck.ts says why): after 100 steps
torch's own float32 run is far from its float64 run, so there the criterion is relative to
that: ours may end at most FLOAT32_FACTOR (4) times as far from torch's float64 run as torch's
float32 run does, plus the tolerance; the largest difference from torch's float32 run is
printed too. Printed per check: the largest absolute and relative difference, the criterion,
and which tensor is the worst; the last line is PARITY {json} for the TS side.

The bundle, in the directory given: bundle.json {"checks": [...]} where every tensor is
{"shape": [...], "offset": k}, its numbers at offset k (in numbers) of tensors.bin (float64,
little-endian, row-major); "batches": [{"x", "labels", "indices"}] are the training runs'
steps, the same for all of them.

    /usr/bin/python3 scripts/check/parity.py BUNDLE_DIR [--threads 1]

Bad flags: one `error:` line, exit 2; a bundle that cannot be read, or any check out of
tolerance: one `error:` line, exit 1.
"""
import json
import math
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'torch'))

from load_model import BN_EPS, BN_MOMENTUM, DROP, ModelError, _Parser, network  # noqa: E402  (_Parser: one error line, exit 2)


# A float32 training run passes when ours ends no further from the exact (float64) run than
# this many times torch's own float32 run does (plus the tolerance).
FLOAT32_FACTOR = 4


class BundleError(Exception):
    """A bundle we cannot use; the message names what and why, in one line."""


class Bundle:
    """bundle.json and the numbers of tensors.bin (float64)."""

    def __init__(self, torch, directory):
        self.torch = torch
        try:
            with open(os.path.join(directory, 'bundle.json'), encoding='utf-8') as f:
                self.manifest = json.load(f)
            with open(os.path.join(directory, 'tensors.bin'), 'rb') as f:
                raw = bytearray(f.read())
        except OSError as e:
            raise BundleError(f'{directory}: cannot read the bundle: {e.strerror}: {e.filename}') from None
        except ValueError as e:
            raise BundleError(f'{directory}/bundle.json is not JSON: {e}') from None
        if self.manifest.get('format') != 'annotated-cnn-parity' or not isinstance(self.manifest.get('checks'), list):
            raise BundleError(f'{directory}/bundle.json is not a parity bundle (format "annotated-cnn-parity" with "checks")')
        if len(raw) % 8:
            raise BundleError(f'{directory}/tensors.bin has {len(raw)} bytes, not a whole number of float64')
        self.numbers = torch.frombuffer(raw, dtype=torch.float64) if raw else torch.zeros(0, dtype=torch.float64)
        self.batches = self.manifest.get('batches', [])

    def tensor(self, entry, exact=False):
        """A fresh float32 tensor for {"shape", "offset"} (float64, as stored, if `exact`)."""
        try:
            shape, offset = [int(n) for n in entry['shape']], int(entry['offset'])
        except (KeyError, TypeError, ValueError):
            raise BundleError(f'expected a tensor {{"shape", "offset"}}, got {entry!r:.80}') from None
        size = math.prod(shape)
        if offset < 0 or offset + size > self.numbers.numel():
            raise BundleError(f'a tensor of shape {shape} at {offset} runs past the {self.numbers.numel()} numbers of tensors.bin')
        return self.numbers[offset:offset + size].clone().to(self.torch.float64 if exact else self.torch.float32).reshape(shape)


# Comparing
# ---------

def compare(pairs, tolerance):
    """pairs: {name: (ours, torch)}. The largest absolute difference over all of them, the
    largest relative one (per tensor: max |ours - torch| / max |torch|, absolute where torch's
    tensor is all zeros) and the name of the tensor that gives it."""
    worst, max_abs, max_rel = '', 0.0, 0.0
    for name, (ours, theirs) in pairs.items():
        ours, theirs = ours.double().reshape(-1), theirs.detach().double().reshape(-1)
        if ours.shape != theirs.shape:
            raise BundleError(f'{name}: ours has {ours.numel()} numbers, torch {theirs.numel()}')
        diff = (ours - theirs).abs().max().item() if ours.numel() else 0.0
        scale = theirs.abs().max().item() if theirs.numel() else 0.0
        rel = diff / scale if scale > 0 else diff
        max_abs = max(max_abs, diff)
        if rel >= max_rel:
            worst, max_rel = name, rel
    return {'max_abs': max_abs, 'max_rel': max_rel, 'worst': worst, 'tolerance': tolerance, 'ok': max_rel <= tolerance}


# The checks
# ----------

def dropout_check(torch, b, c):
    import torch.nn.functional as F
    x, mask, dy = b.tensor(c['x']).requires_grad_(), b.tensor(c['mask']), b.tensor(c['dy'])
    y = x * mask
    y.backward(dy)
    found = compare({'y': (b.tensor(c['ours']['y']), y), 'dx': (b.tensor(c['ours']['dx']), x.grad)}, c['tolerance'])
    # Our kept value against the one torch's own dropout multiplies by.
    kept_ours = mask.max().item()
    kept_torch = F.dropout(torch.ones(4096), c['p'], training=True).max().item()
    found['note'] = f'kept value ours {kept_ours!r}, torch {kept_torch!r}; dropped {(mask == 0).double().mean().item():.3f} (p = {c["p"]})'
    if kept_ours != kept_torch:
        found['ok'] = False
        found['worst'] = 'kept value 1/(1 - p)'
    return found


def batch_norm(torch, shape):
    import torch.nn as nn
    kind = nn.BatchNorm1d if len(shape) == 2 else nn.BatchNorm2d
    return kind(shape[1], eps=BN_EPS, momentum=BN_MOMENTUM)


def bn_check(torch, b, c, training):
    x, dy = b.tensor(c['x']).requires_grad_(), b.tensor(c['dy'])
    gamma, beta, mean, variance = (b.tensor(c[k]) for k in ('gamma', 'beta', 'mean', 'variance'))
    bn = batch_norm(torch, list(x.shape))
    with torch.no_grad():
        bn.weight.copy_(gamma)
        bn.bias.copy_(beta)
        bn.running_mean.copy_(mean)
        bn.running_var.copy_(variance)
    bn.train(training)
    y = bn(x)
    y.backward(dy)
    ours = {k: b.tensor(v) for k, v in c['ours'].items()}
    pairs = {'y': (ours['y'], y), 'dx': (ours['dx'], x.grad), 'dgamma': (ours['dgamma'], bn.weight.grad), 'dbeta': (ours['dbeta'], bn.bias.grad)}
    if training:
        pairs['running mean'] = (ours['mean'], bn.running_mean)
        pairs['running variance'] = (ours['variance'], bn.running_var)
    else:
        # torch has no gradient for its buffers: autograd of the formula, in float64.
        at = [1, -1] + [1] * (x.dim() - 2)
        m, v = mean.double().requires_grad_(), variance.double().requires_grad_()
        z = gamma.double().reshape(at) * (x.detach().double() - m.reshape(at)) / torch.sqrt(v.reshape(at) + BN_EPS) + beta.double().reshape(at)
        z.backward(dy.double())
        pairs['dmean'] = (ours['dmean'], m.grad)
        pairs['dvariance'] = (ours['dvariance'], v.grad)
    return compare(pairs, c['tolerance'])


def replay(torch, b, c, dtype):
    """Our training run replayed in torch with `dtype`: (final tensors by our names, losses)."""
    import torch.nn.functional as F

    class FixedMask(torch.nn.Module):
        """Stands in for nn.Dropout in the replay: multiplies by the step's mask, ours."""

        def __init__(self):
            super().__init__()
            self.mask = None

        def forward(self, x):
            return x * self.mask.reshape(x.shape)

    arch = c['arch']
    tokens = arch.strip().split('-')
    net, slots = network(arch, c['inputShape'])
    drops = [i for i, t in enumerate(tokens) if DROP.match(t)]
    at = [j for j, m in enumerate(net) if isinstance(m, torch.nn.Dropout)]
    stand_ins = {}
    for i, j in zip(drops, at):
        stand_ins[i] = net[j] = FixedMask()
    initial, final, masks = c['initial'], c['final'], c['masks']
    if len(initial) != len(tokens) or len(final) != len(tokens):
        raise BundleError(f'{c["name"]}: "{arch}" has {len(tokens)} layers, the bundle {len(initial)} initial and {len(final)} final records')
    if len(masks) != len(b.batches):
        raise BundleError(f'{c["name"]}: {len(masks)} steps of masks for {len(b.batches)} batches')
    # Our initial values (float32 numbers) into torch's tensors, then the whole network into
    # `dtype`; .to() replaces the buffers, so the tensors are found again by their names.
    names = {id(t): n for n, t in list(net.named_parameters()) + list(net.named_buffers())}
    where = {}
    with torch.no_grad():
        for i, (slot, record) in enumerate(zip(slots, initial)):
            if sorted(slot) != sorted(record):
                raise BundleError(f'{c["name"]}: layer {i + 1} ({tokens[i]}) has tensors {sorted(record)}, torch {sorted(slot)}')
            for name, target in slot.items():
                target.copy_(b.tensor(record[name]).reshape(target.shape))
                where[(i, name)] = names[id(target)]
    net.to(dtype)
    o = c['optimizer']
    if o['name'] == 'adam':
        opt = torch.optim.Adam(net.parameters(), lr=o['lr'], betas=tuple(o['betas']), eps=o['eps'])
    elif o['name'] == 'sgd':
        opt = torch.optim.SGD(net.parameters(), lr=o['lr'], momentum=o['momentum'])
    else:
        raise BundleError(f'{c["name"]}: unknown optimizer {o["name"]!r}')
    net.train()
    losses = []
    for k, (batch, step_masks) in enumerate(zip(b.batches, masks)):
        x = b.tensor(batch['x']).to(dtype)
        labels = torch.tensor(batch['labels'], dtype=torch.long)
        for i, module in stand_ins.items():
            if str(i) not in step_masks:
                raise BundleError(f'{c["name"]}: step {k + 1} has no mask for layer {i + 1} ({tokens[i]})')
            module.mask = b.tensor(step_masks[str(i)]).to(dtype)
        opt.zero_grad()
        loss = F.cross_entropy(net(x), labels)
        loss.backward()
        opt.step()
        losses.append(loss.item())
    state = dict(net.named_parameters()) | dict(net.named_buffers())
    return {key: state[name].detach().double().clone() for key, name in where.items()}, losses


def train_check(torch, b, c):
    tokens = c['arch'].strip().split('-')
    ours = {(i, name): b.tensor(t, exact=True) for i, record in enumerate(c['final']) for name, t in record.items()}
    label = lambda key: f'layer {key[0] + 1} ({tokens[key[0]]}) {key[1]}'  # noqa: E731
    if c.get('precision') == 'float64':
        wide, losses = replay(torch, b, c, torch.float64)
        found = compare({label(k): (ours[k], wide[k]) for k in ours}, c['tolerance'])
    else:
        narrow, losses = replay(torch, b, c, torch.float32)
        wide, _ = replay(torch, b, c, torch.float64)
        found = compare({label(k): (ours[k], narrow[k]) for k in ours}, c['tolerance'])
        ours_exact = compare({label(k): (ours[k], wide[k]) for k in ours}, c['tolerance'])
        torch_exact = compare({label(k): (narrow[k], wide[k]) for k in ours}, c['tolerance'])
        # In float32, 100 steps are chaotic (see the docstring): both sides drift from the exact
        # run, and what can be asked of ours is to drift no further than torch's own float32 run.
        found['against_float64'] = {'ours': ours_exact['max_rel'], 'torch': torch_exact['max_rel'], 'factor': FLOAT32_FACTOR}
        found['ok'] = ours_exact['max_rel'] <= FLOAT32_FACTOR * torch_exact['max_rel'] + c['tolerance']
        found['criterion'] = f'passes on: |ours - torch float64| <= {FLOAT32_FACTOR:g} x |torch float32 - torch float64| + {c["tolerance"]:g}'
        if not found['ok']:
            found['worst'] = f'{ours_exact["worst"]}, against torch in float64,'
    mine = c.get('losses', [])
    if len(mine) == len(losses) and losses:
        dl = max(abs(a - t) for a, t in zip(mine, losses))
        first = next((k for k, (a, t) in enumerate(zip(mine, losses)) if abs(a - t) > 1e-5 * max(1, abs(t))), None)
        found['note'] = (f'loss {losses[0]:.4f} -> {losses[-1]:.4f}, largest |loss ours - torch| {dl:.2g}'
                         + ('' if first is None else f', first above 1e-5 at step {first + 1}'))
    if 'against_float64' in found:
        f64 = found['against_float64']
        found['note'] = (found.get('note', '') + f'; relative to torch in float64: ours {f64["ours"]:.3g}, torch float32 {f64["torch"]:.3g}'
                         + f' (ours may be at most {FLOAT32_FACTOR:g} times torch\'s, + {c["tolerance"]:g})')
    return found


# The command
# -----------

def main(argv=None):
    ap = _Parser(description="Compare chapter 11's layers and training steps, as parityCheck.ts computed them, with PyTorch.")
    ap.add_argument('bundle', help='the directory with bundle.json and tensors.bin')
    ap.add_argument('--threads', type=int, default=1, help='torch threads (default 1)')
    a = ap.parse_args(argv)
    if a.threads < 1:
        ap.error(f'--threads must be >= 1, got {a.threads}')
    if not os.path.isfile(os.path.join(a.bundle, 'bundle.json')):  # before the slow import of torch
        print(f'error: {a.bundle}: cannot read the bundle: No such file or directory: {os.path.join(a.bundle, "bundle.json")}', file=sys.stderr)
        return 1
    try:
        import torch
    except ImportError:
        print('error: cannot import torch: install it (Debian: apt-get install python3-torch) and run with /usr/bin/python3', file=sys.stderr)
        return 1
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    results = []
    try:
        b = Bundle(torch, a.bundle)
        for c in b.manifest['checks']:
            kind = c.get('kind')
            if kind == 'dropout':
                found = dropout_check(torch, b, c)
            elif kind in ('bn-train', 'bn-eval'):
                found = bn_check(torch, b, c, kind == 'bn-train')
            elif kind == 'train':
                found = train_check(torch, b, c)
            else:
                raise BundleError(f'unknown check kind {kind!r}')
            found['name'] = c.get('name', kind)
            results.append(found)
            criterion = found.get('criterion', f'tolerance {found["tolerance"]:g}')
            print(f'{found["name"]}: largest |ours - torch| {found["max_abs"]:.3g}, largest relative '
                  f'{found["max_rel"]:.3g} ({found["worst"]}; {criterion}) '
                  f'{"ok" if found["ok"] else "FAILED"}' + (f'; {found["note"]}' if 'note' in found else ''), flush=True)
    except (BundleError, ModelError) as e:
        print(f'error: {a.bundle}: {e}', file=sys.stderr)
        return 1
    except (KeyError, TypeError, ValueError, RuntimeError) as e:
        print(f'error: {a.bundle}: the bundle does not fit: {type(e).__name__}: {e}', file=sys.stderr)
        return 1
    ok = all(r['ok'] for r in results)
    print('PARITY ' + json.dumps({'ok': ok, 'torch': torch.__version__, 'checks': results}))
    if not ok:
        bad = max((r for r in results if not r['ok']), key=lambda r: r['max_rel'])
        print(f'error: {bad["name"]}: {bad["worst"]} differs from torch by {bad["max_rel"]:.3g} of its scale, more than the tolerance {bad["tolerance"]:g}', file=sys.stderr)
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main())
