// Confusion matrices shared by the report specs, and a way to turn a matrix back into the
// (label, prediction) pairs it counts. The reference texts in the specs were printed by
// NumPy 1.24.2 and scikit-learn 1.2.1 from these same matrices, expanded the same way:
//
//     y_true = np.repeat(np.repeat(np.arange(k), k), cm.ravel())
//     y_pred = np.repeat(np.tile(np.arange(k), k), cm.ravel())
//     print(confusion_matrix(y_true, y_pred, labels=range(k)))
//     print(classification_report(y_true, y_pred, labels=range(k), digits=2), end='')

import type { ConfusionMatrix } from '../../src/report/confusion.ts'

/** A matrix from its rows, written out as in NumPy. */
export const matrixOf = (rows: readonly (readonly number[])[]): ConfusionMatrix => ({
  classes: rows.length,
  counts: Int32Array.from(rows.flat()),
})

/** A k×k matrix whose cell (i, j) is f(i, j): big matrices without big literals. */
export const matrixFrom = (k: number, f: (i: number, j: number) => number): ConfusionMatrix => ({
  classes: k,
  counts: Int32Array.from({ length: k * k }, (_, o) => f(Math.floor(o / k), o % k)),
})

/** The labels and predictions a confusion matrix counts, in row-major order. */
export const expand = (cm: ConfusionMatrix): { labels: Uint8Array; predicted: Uint8Array } => {
  const labels: number[] = []
  const predicted: number[] = []
  cm.counts.forEach((count, o) => {
    for (let n = 0; n < count; n++) {
      labels.push(Math.floor(o / cm.classes))
      predicted.push(o % cm.classes)
    }
  })
  return { labels: Uint8Array.from(labels), predicted: Uint8Array.from(predicted) }
}

// The MNIST run of the original README: rows 0, 1 and 9 and every summary number are the
// README's; rows 2–8 were filled in to match them. Row sums are the real test-set class
// counts (1343, 1600, 1380, 1433, 1295, 1273, 1396, 1503, 1357, 1420; N = 14 000), and the
// trace is 12 858, for an accuracy of 91.84%.
export const MNIST = matrixOf([
  [1302, 1, 2, 3, 1, 9, 14, 2, 8, 1],
  [0, 1564, 5, 6, 2, 5, 2, 3, 11, 2],
  [6, 20, 1220, 25, 15, 5, 15, 30, 39, 5],
  [5, 6, 30, 1290, 2, 45, 5, 15, 25, 10],
  [3, 5, 8, 1, 1190, 2, 15, 5, 10, 56],
  [12, 5, 4, 55, 10, 1115, 20, 6, 35, 11],
  [10, 4, 10, 0, 12, 20, 1330, 0, 8, 2],
  [2, 15, 25, 8, 12, 2, 0, 1383, 5, 51],
  [8, 30, 20, 40, 10, 40, 12, 8, 1170, 19],
  [7, 11, 6, 22, 23, 3, 0, 35, 19, 1294],
])

export const MNIST_CLASS_COUNTS = [1343, 1600, 1380, 1433, 1295, 1273, 1396, 1503, 1357, 1420]

// A plausible Fashion-MNIST run: 1000 test images per class, shirts mistaken for T-shirts.
export const FASHION = matrixOf([
  [856, 1, 17, 27, 4, 1, 86, 0, 8, 0],
  [3, 962, 2, 24, 4, 0, 3, 0, 2, 0],
  [18, 1, 815, 11, 86, 0, 66, 0, 3, 0],
  [28, 8, 14, 893, 31, 0, 23, 0, 3, 0],
  [1, 1, 97, 35, 800, 0, 64, 0, 2, 0],
  [0, 0, 0, 1, 0, 951, 0, 32, 2, 14],
  [150, 2, 108, 31, 80, 0, 617, 0, 12, 0],
  [0, 0, 0, 0, 0, 18, 0, 955, 0, 27],
  [4, 1, 5, 4, 3, 3, 10, 5, 965, 0],
  [0, 0, 0, 0, 0, 8, 1, 38, 0, 953],
])

export const FASHION_NAMES = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot']

// 26 letters with 4-digit counts on the diagonal: too wide for one 75-character line.
export const LETTERS = matrixFrom(26, (i, j) =>
  i === j ? 1000 + ((i * 137) % 900) : (i + j) % 3 === 0 ? (i * 7 + j * 13) % 23 : 0,
)

// 47 classes (EMNIST "balanced"): 2209 numbers, more than NumPy's threshold of 1000.
export const BALANCED_47 = matrixFrom(47, (i, j) => (i === j ? 2000 + ((i * 53) % 700) : (i * 31 + j * 17) % 40))
