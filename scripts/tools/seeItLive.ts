// "See it live": the annotated pages that the browser page shows at work
// ======================================================================
//
// The browser page (docs/demo/index.html, built from site/ by `npm run site`) computes with
// the modules of src/, in five panels: 1, draw a digit and see the network's answer; 2,
// watch the digit flow through every layer; 3, watch the network learn from it (the backward
// pass, value by value, and one step); 4, the model on every test digit; 5, train a network live. A reader of a file
// that one of them shows at work should be one click from seeing it, so such a page gets a
// line under its title, "See it live: …", that links to the panel.
//
// The table below says which files those are, by hand: which panel shows a file at work is
// a judgement, not something to read off the page's imports (the kernels of kernels/ are
// what panel 2 explains value by value, though the page imports only the layers that call
// them). Each entry is a file's path, the id of the element of the page to land on, and one
// line of Markdown saying what the reader will see there.
// A spec (spec/scripts/annotated.spec.ts) checks that every anchor of an entry whose file
// exists is an id of the built page, so the table never points nowhere; an entry whose file
// does not exist (yet, or any more) gives no link.

/** The browser page, from the root of the repository. */
export const DEMO_PAGE = 'docs/demo/index.html'

/** Where on the browser page a file is seen at work. */
export interface LiveView {
  /** The id of the element to land on: a panel (`draw`, `flow`, `learn`, `test-set`, `train`) or a part of one. */
  readonly anchor: string
  /** One line: what the reader sees there. */
  readonly caption: string
}

// The panels, as the page titles them.
const DRAW = 'panel 1, “Draw a digit”'
const FLOW = 'panel 2, “Watch it flow”'
const LEARN = 'panel 3, “Watch it learn”'
const TEST_SET = 'panel 4, “Every test digit”'
const TRAIN = 'panel 5, “Train it live”'

const flow = (caption: string): LiveView => ({ anchor: 'flow', caption: `${FLOW}: ${caption}` })
const learn = (caption: string): LiveView => ({ anchor: 'learn', caption: `${LEARN}: ${caption}` })
const train = (caption: string): LiveView => ({ anchor: 'train', caption: `${TRAIN}: ${caption}` })

/** The files the browser page shows at work, by repository path. */
export const LIVE_VIEWS: ReadonlyMap<string, LiveView> = new Map([
  ['src/original/network.ts', flow('the page\'s default model is this network, as `npm run train` trains it; draw a digit and watch it go through')],
  ['src/kernels/conv2d.ts', flow('every feature map a convolution makes of your digit, with the window, kernel and sum behind any value')],
  ['src/kernels/activations.ts', flow('the maps before and after each activation, and the arithmetic of any value')],
  ['src/kernels/maxpool.ts', flow('every pooled map, with the window whose maximum each value is')],
  ['src/kernels/dense.ts', flow('the last dense layer as template matching: each class\'s weights against the layer\'s input')],
  ['src/kernels/softmaxCrossEntropy.ts', flow('the ten scores turned into probabilities, as bars')],
  ['src/layers/layer.ts', learn('every layer\'s backward function at work on your digit: the gradient of the loss for each layer\'s output, down to the input')],
  ['src/layers/dense.ts', flow('the dense layer as template matching, one score per class')],
  ['src/layers/activations.ts', flow('the maps before and after each activation')],
  ['src/layers/conv2d.ts', flow('every feature map of each convolution, and how any value was made')],
  ['src/layers/maxPool.ts', flow('every pooled map, and the window behind any value')],
  ['src/layers/softmaxCrossEntropy.ts', learn('the loss for a target class you choose, and its gradient p − onehot, where the backward pass starts')],
  ['src/model/sequential.ts', learn('the backward pass, layer after layer in reverse, on what you draw, with the chain-rule arithmetic of any value')],
  ['src/model/trace.ts', flow('every layer\'s output for your digit, which is what a trace records (and panel 3 draws the backward trace)')],
  ['src/model/predict.ts', { anchor: 'draw', caption: `${DRAW}: the network's answer and the probability of each class, as you draw` }],
  ['src/model/modelFile.ts', { anchor: 'models', caption: `${DRAW}: load a model.json saved by \`npm run train\` (or by panel 5), read by this code` }],
  ['src/model/arch.ts', train('write an architecture in this grammar and train it')],
  ['src/data/dataset.ts', { anchor: 'draw', caption: `${DRAW}: the 28×28 input the network sees, in [0, 1] as \`gatherBatch\` makes MNIST's` }],
  ['src/data/idx.ts', train('the page\'s 12,000 digits are gzipped IDX files, read and checked by this code')],
  ['src/data/split.ts', train('10,000 digits to train on and 2,000 to test on, from the original split')],
  ['src/train/step.ts', train('one step per batch, in a Web Worker, while you watch the loss')],
  ['src/train/loop.ts', train('this loop, run in a Web Worker, with the loss and accuracy drawn as it goes')],
  ['src/train/evaluate.ts', train('the test accuracy after each pass over the training digits')],
  ['src/train/recipe.ts', train('the first preset, “the original”, makes this recipe\'s choices; train it on the page\'s 10,000 digits')],
  ['src/optim/optimizer.ts', train('choose the optimizer, learning rate and schedule, and train')],
  ['src/optim/sgd.ts', learn('take one step of SGD from your digit, and see the weights and probabilities before and after')],
  ['src/optim/momentum.ts', train('choose momentum and a learning rate, and train')],
  ['src/optim/adam.ts', train('Adam is the page\'s default optimizer; try another, and compare')],
  ['src/optim/schedule.ts', train('cosine decay to 0 or a constant rate, and the loss curve that follows')],
  ['src/check/gradcheck.ts', learn('check any gradient the page shows against finite differences computed in the page, as this file does')],
  ['src/report/confusion.ts', { anchor: 'test-set', caption: `${TEST_SET}: the confusion matrix of the current model on the page's 2,000 test digits; click a cell to see its digits` }],
  ['src/fast/kernels.ts', train('the page trains with these kernels, in a Web Worker')],
])
