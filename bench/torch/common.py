"""What the PyTorch yardsticks share: the digits, the split, the networks, the flags
===================================================================================

The scripts beside this one (seed_arch.py, deep_nets.py) time PyTorch on the CPU doing what
`npm run bench` and `npm run train` do, so that docs/performance.md can compare the two on one
machine; examples_mnist.py trains PyTorch's own examples/mnist recipe on our split, beside
chapter 11's 99.5% recipe (docs/usage.md). To compare like with like they read the same data the same way:

    images  all 70,000 MNIST digits, the training file first, as float32 (N, 1, 28, 28) = byte / 255
    split   scikit-learn's train_test_split(range(70,000), test_size=0.2, random_state=42), which
            src/exact/sklearnSplit.ts reproduces index for index: train = 56,000 indices in the
            split's (shuffled) order, test = 14,000
    nets    built from our architecture strings by scripts/torch/load_model.py's `network`, so
            that "the same network" means the same string; Glorot-uniform weights and zero
            biases, as our layers start (torch's own default initialisation differs)
    steps   a batch gathered from the images by index, forward, mean softmax cross-entropy,
            backward, Adam (0.9, 0.999, 1e-8), as src/train/step.ts does

Run the scripts with /usr/bin/python3 (Debian: apt-get install python3-torch python3-sklearn).
Bad flags print one `error:` line and exit with 2; missing data or torch, one `error:` line and 1.
"""
import argparse
import gzip
import json
import os
import sys
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
sys.path.insert(0, os.path.join(ROOT, 'scripts', 'torch'))

ORIGINAL = 'conv3x3x1-lrelu-pool2-dense10'
CONVNETJS = 'conv5x5x8p2-relu-pool2-conv5x5x16p2-relu-pool3-dense10'
RECIPE99 = 'conv5x5x8p2-relu-pool2-conv3x3x16p1-relu-pool2-dense128-relu-dense10'


class Failure(Exception):
    """Something that stops a run; its message is the one `error:` line."""


class Parser(argparse.ArgumentParser):
    def error(self, message):  # one line and status 2, as the project's commands
        print(f'error: {message} (see --help)', file=sys.stderr)
        sys.exit(2)


def positive(text):
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f'must be a whole number of at least 1, got {text}')
    return value


def run(main):
    """Runs main(), turning a Failure or a missing torch into one `error:` line and status 1."""
    try:
        main()
    except Failure as e:
        print(f'error: {e}', file=sys.stderr)
        sys.exit(1)
    except KeyboardInterrupt:
        print('error: interrupted', file=sys.stderr)
        sys.exit(130)


def torch_or_fail(threads):
    try:
        import torch
    except ImportError:
        raise Failure('cannot import torch: apt-get install python3-torch, and run with /usr/bin/python3') from None
    torch.set_num_threads(threads)
    torch.set_num_interop_threads(1)
    return torch


def _idx(directory, name, header):
    """The bytes after the header of an IDX file, raw or gzipped (name or name.gz)."""
    import numpy as np
    for path, opener in ((os.path.join(directory, name), open), (os.path.join(directory, name + '.gz'), gzip.open)):
        if os.path.exists(path):
            with opener(path, 'rb') as f:
                return np.frombuffer(f.read()[header:], np.uint8)
    raise Failure(f'{os.path.join(directory, name)}: no such file (pass --data DIR, the folder of the four MNIST IDX files)')


def mnist(torch, directory):
    """(images, labels): all 70,000 digits, training file first; images float32 (N, 1, 28, 28)."""
    import numpy as np
    images = np.concatenate([_idx(directory, 'train-images-idx3-ubyte', 16), _idx(directory, 't10k-images-idx3-ubyte', 16)])
    labels = np.concatenate([_idx(directory, 'train-labels-idx1-ubyte', 8), _idx(directory, 't10k-labels-idx1-ubyte', 8)])
    if images.size != labels.size * 784:
        raise Failure(f'{directory}: {images.size} pixels for {labels.size} labels, expected 784 per label')
    x = torch.from_numpy(images.astype(np.float32) / 255).reshape(-1, 1, 28, 28)
    return x, torch.from_numpy(labels.astype(np.int64))


def split(torch, n):
    """(train, test) indices of scikit-learn's train_test_split(range(n), test_size=0.2, random_state=42)."""
    import numpy as np
    try:
        from sklearn.model_selection import train_test_split
    except ImportError:
        raise Failure('cannot import sklearn: apt-get install python3-sklearn') from None
    train, test = train_test_split(np.arange(n), test_size=0.2, random_state=42)
    return torch.from_numpy(train), torch.from_numpy(test)


def model(torch, arch, seed):
    """Our architecture as a torch.nn.Sequential, started as our layers start: Glorot-uniform
    weights (fan-in and fan-out as ours count them), zero biases, drawn from torch's seed."""
    from load_model import network
    torch.manual_seed(seed)
    net, slots = network(arch)
    with torch.no_grad():
        for slot in (slot for slot in slots if slot):
            torch.nn.init.xavier_uniform_(slot['weights'])  # Conv2d: fans C·kH·kW and K·kH·kW, as ours
            if 'bias' in slot:
                slot['bias'].zero_()
    return net


def trainer(torch, net, lr):
    """step(x, labels): one training step, as src/train/step.ts takes it; and the optimizer."""
    optimizer = torch.optim.Adam(net.parameters(), lr=lr, betas=(0.9, 0.999), eps=1e-8)
    loss_of = torch.nn.CrossEntropyLoss()

    def step(x, labels):
        loss = loss_of(net(x), labels)
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()
    return step, optimizer


def speed(step, images, labels, order, batch, warm_up, samples, repeats):
    """Best samples/s over `repeats` timed runs of `samples` samples of `order` (from position
    `warm_up` on), after training the first `warm_up` untimed. Each batch is gathered by index
    inside the timing, as ours is cut from the bytes inside it. Returns (best, all)."""
    def train(start, count):
        for s in range(start, start + count, batch):
            chosen = order[s:min(s + batch, start + count)]
            step(images[chosen], labels[chosen])
    if warm_up + samples > len(order):
        raise Failure(f'--samples {samples} after a warm-up of {warm_up} needs more than the {len(order)} training samples')
    train(0, warm_up)
    figures = []
    for _ in range(repeats):
        started = time.perf_counter()
        train(warm_up, samples)
        figures.append(samples / (time.perf_counter() - started))
    return max(figures), figures


def summary(record):
    """The last line: SUMMARY {json}."""
    print('SUMMARY ' + json.dumps(record), flush=True)
