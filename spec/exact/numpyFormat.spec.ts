// NumPy's print() of a 2-D integer array, reproduced exactly. Every expected text below was
// printed by NumPy 1.24.2 (`print(np.array(...))` with the default print options).

import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { formatNumpyMatrix } from '../../src/exact/numpyFormat.ts'
import { BALANCED_47, LETTERS, matrixFrom, MNIST } from '../report/fixtures.ts'

describe('formatNumpyMatrix, worked examples', () => {
  it('right-aligns every number to the widest one, rows under the first', () => {
    // The widest number, 12, has two digits, so 5 prints as " 5".
    expect(formatNumpyMatrix([5, 0, 12, 3], 2, 2)).toBe('[[ 5  0]\n [12  3]]')
  })

  it('counts the minus sign when measuring the width', () => {
    expect(formatNumpyMatrix([-5, 3, 12, 0], 2, 2)).toBe(`[[-5  3]
 [12  0]]`)
    expect(formatNumpyMatrix([-100, 3, 12, 0], 2, 2)).toBe('[[-100    3]\n [  12    0]]')
  })

  it('prints a 1×1 matrix and an empty one', () => {
    expect(formatNumpyMatrix([7], 1, 1)).toBe(`[[7]]`)
    expect(formatNumpyMatrix([], 0, 0)).toBe('[]')
    expect(formatNumpyMatrix([], 3, 0)).toBe('[]')
  })

  it('rejects a size that does not match the data', () => {
    expect(() => formatNumpyMatrix([1, 2, 3], 2, 2)).toThrow('a 2×2 matrix holds 4 numbers, got 3')
  })
})

describe('formatNumpyMatrix, the README confusion matrix', () => {
  const text = formatNumpyMatrix(MNIST.counts, 10, 10)

  it('has the lines the original README printed', () => {
    const lines = text.split('\n')
    expect(lines[0]).toBe('[[1302    1    2    3    1    9   14    2    8    1]')
    expect(lines[1]).toBe(' [   0 1564    5    6    2    5    2    3   11    2]')
    expect(lines[9]).toBe(' [   7   11    6   22   23    3    0   35   19 1294]]')
  })

  it('is exactly what print(confusion_matrix(y_true, y_pred)) wrote', () => {
    expect(text).toBe(`[[1302    1    2    3    1    9   14    2    8    1]
 [   0 1564    5    6    2    5    2    3   11    2]
 [   6   20 1220   25   15    5   15   30   39    5]
 [   5    6   30 1290    2   45    5   15   25   10]
 [   3    5    8    1 1190    2   15    5   10   56]
 [  12    5    4   55   10 1115   20    6   35   11]
 [  10    4   10    0   12   20 1330    0    8    2]
 [   2   15   25    8   12    2    0 1383    5   51]
 [   8   30   20   40   10   40   12    8 1170   19]
 [   7   11    6   22   23    3    0   35   19 1294]]`)
  })
})

describe('formatNumpyMatrix, wrapping at 75 characters', () => {
  // 12 six-digit numbers need 2 + 12·7 − 1 = 85 > 73 characters: 10 fit on the first line.
  it('wraps a wide row, continuing two spaces in', () => {
    const counts = Int32Array.from({ length: 9 * 12 }, (_, o) => (Math.floor(o / 12) ** 2 * (o % 12) * 7777) % 1000000)
    expect(formatNumpyMatrix(counts, 9, 12)).toBe(`[[     0      0      0      0      0      0      0      0      0      0
       0      0]
 [     0   7777  15554  23331  31108  38885  46662  54439  62216  69993
   77770  85547]
 [     0  31108  62216  93324 124432 155540 186648 217756 248864 279972
  311080 342188]
 [     0  69993 139986 209979 279972 349965 419958 489951 559944 629937
  699930 769923]
 [     0 124432 248864 373296 497728 622160 746592 871024 995456 119888
  244320 368752]
 [     0 194425 388850 583275 777700 972125 166550 360975 555400 749825
  944250 138675]
 [     0 279972 559944 839916 119888 399860 679832 959804 239776 519748
  799720  79692]
 [     0 381073 762146 143219 524292 905365 286438 667511  48584 429657
  810730 191803]
 [     0 497728 995456 493184 990912 488640 986368 484096 981824 479552
  977280 475008]]`)
  })

  it('wraps a 20×20 matrix of 3-digit counts after 18 columns', () => {
    const { counts } = matrixFrom(20, (i, j) => (i === j ? 300 + ((i * 41) % 500) : (i * 3 + j * 5) % 17))
    expect(formatNumpyMatrix(counts, 20, 20)).toBe(`[[300   5  10  15   3   8  13   1   6  11  16   4   9  14   2   7  12   0
    5  10]
 [  3 341  13   1   6  11  16   4   9  14   2   7  12   0   5  10  15   3
    8  13]
 [  6  11 382   4   9  14   2   7  12   0   5  10  15   3   8  13   1   6
   11  16]
 [  9  14   2 423  12   0   5  10  15   3   8  13   1   6  11  16   4   9
   14   2]
 [ 12   0   5  10 464   3   8  13   1   6  11  16   4   9  14   2   7  12
    0   5]
 [ 15   3   8  13   1 505  11  16   4   9  14   2   7  12   0   5  10  15
    3   8]
 [  1   6  11  16   4   9 546   2   7  12   0   5  10  15   3   8  13   1
    6  11]
 [  4   9  14   2   7  12   0 587  10  15   3   8  13   1   6  11  16   4
    9  14]
 [  7  12   0   5  10  15   3   8 628   1   6  11  16   4   9  14   2   7
   12   0]
 [ 10  15   3   8  13   1   6  11  16 669   9  14   2   7  12   0   5  10
   15   3]
 [ 13   1   6  11  16   4   9  14   2   7 710   0   5  10  15   3   8  13
    1   6]
 [ 16   4   9  14   2   7  12   0   5  10  15 751   8  13   1   6  11  16
    4   9]
 [  2   7  12   0   5  10  15   3   8  13   1   6 792  16   4   9  14   2
    7  12]
 [  5  10  15   3   8  13   1   6  11  16   4   9  14 333   7  12   0   5
   10  15]
 [  8  13   1   6  11  16   4   9  14   2   7  12   0   5 374  15   3   8
   13   1]
 [ 11  16   4   9  14   2   7  12   0   5  10  15   3   8  13 415   6  11
   16   4]
 [ 14   2   7  12   0   5  10  15   3   8  13   1   6  11  16   4 456  14
    2   7]
 [  0   5  10  15   3   8  13   1   6  11  16   4   9  14   2   7  12 497
    5  10]
 [  3   8  13   1   6  11  16   4   9  14   2   7  12   0   5  10  15   3
  538  13]
 [  6  11  16   4   9  14   2   7  12   0   5  10  15   3   8  13   1   6
   11 579]]`)
  })

  it('wraps a 26×26 matrix of 4-digit counts after 14 columns', () => {
    expect(formatNumpyMatrix(LETTERS.counts, 26, 26)).toBe(`[[1000    0    0   16    0    0    9    0    0    2    0    0   18    0
     0   11    0    0    4    0    0   20    0    0   13    0]
 [   0 1137   10    0    0    3    0    0   19    0    0   12    0    0
     5    0    0   21    0    0   14    0    0    7    0    0]
 [   0    4 1274    0   20    0    0   13    0    0    6    0    0   22
     0    0   15    0    0    8    0    0    1    0    0   17]
 [  21    0    0 1411    0    0    7    0    0    0    0    0   16    0
     0    9    0    0    2    0    0   18    0    0   11    0]
 [   0    0    8    0 1548    1    0    0   17    0    0   10    0    0
     3    0    0   19    0    0   12    0    0    5    0    0]
 [   0    2    0    0   18 1685    0   11    0    0    4    0    0   20
     0    0   13    0    0    6    0    0   22    0    0   15]
 [  19    0    0   12    0    0 1822    0    0   21    0    0   14    0
     0    7    0    0    0    0    0   16    0    0    9    0]
 [   0    0    6    0    0   22    0 1059   15    0    0    8    0    0
     1    0    0   17    0    0   10    0    0    3    0    0]
 [   0    0    0    0   16    0    0    9 1196    0    2    0    0   18
     0    0   11    0    0    4    0    0   20    0    0   13]
 [  17    0    0   10    0    0    3    0    0 1333    0    0   12    0
     0    5    0    0   21    0    0   14    0    0    7    0]
 [   0    0    4    0    0   20    0    0   13    0 1470    6    0    0
    22    0    0   15    0    0    8    0    0    1    0    0]
 [   0   21    0    0   14    0    0    7    0    0    0 1607    0   16
     0    0    9    0    0    2    0    0   18    0    0   11]
 [  15    0    0    8    0    0    1    0    0   17    0    0 1744    0
     0    3    0    0   19    0    0   12    0    0    5    0]
 [   0    0    2    0    0   18    0    0   11    0    0    4    0 1881
    20    0    0   13    0    0    6    0    0   22    0    0]
 [   0   19    0    0   12    0    0    5    0    0   21    0    0   14
  1118    0    7    0    0    0    0    0   16    0    0    9]
 [  13    0    0    6    0    0   22    0    0   15    0    0    8    0
     0 1255    0    0   17    0    0   10    0    0    3    0]
 [   0    0    0    0    0   16    0    0    9    0    0    2    0    0
    18    0 1392   11    0    0    4    0    0   20    0    0]
 [   0   17    0    0   10    0    0    3    0    0   19    0    0   12
     0    0    5 1529    0   21    0    0   14    0    0    7]
 [  11    0    0    4    0    0   20    0    0   13    0    0    6    0
     0   22    0    0 1666    0    0    8    0    0    1    0]
 [   0    0   21    0    0   14    0    0    7    0    0    0    0    0
    16    0    0    9    0 1803    2    0    0   18    0    0]
 [   0   15    0    0    8    0    0    1    0    0   17    0    0   10
     0    0    3    0    0   19 1040    0   12    0    0    5]
 [   9    0    0    2    0    0   18    0    0   11    0    0    4    0
     0   20    0    0   13    0    0 1177    0    0   22    0]
 [   0    0   19    0    0   12    0    0    5    0    0   21    0    0
    14    0    0    7    0    0    0    0 1314   16    0    0]
 [   0   13    0    0    6    0    0   22    0    0   15    0    0    8
     0    0    1    0    0   17    0    0   10 1451    0    3]
 [   7    0    0    0    0    0   16    0    0    9    0    0    2    0
     0   18    0    0   11    0    0    4    0    0 1588    0]
 [   0    0   17    0    0   10    0    0    3    0    0   19    0    0
    12    0    0    5    0    0   21    0    0   14    0 1725]]`)
  })
})

describe('formatNumpyMatrix, summarising more than 1000 numbers', () => {
  it('shows the first and last 3 rows and columns of a 47×47 matrix', () => {
    expect(formatNumpyMatrix(BALANCED_47.counts, 47, 47)).toBe(`[[2000   17   34 ...   28    5   22]
 [  31 2053   25 ...   19   36   13]
 [  22   39 2106 ...   10   27    4]
 ...
 [   4   21   38 ... 2232    9   26]
 [  35   12   29 ...   23 2285   17]
 [  26    3   20 ...   14   31 2338]]`)
  })

  it('measures the width on the numbers shown only', () => {
    // 1 × 1200: five-digit numbers hide in the middle, but the six shown are at most 94881.
    const counts = Int32Array.from({ length: 1200 }, (_, j) => (j * 7919) % 100000)
    expect(formatNumpyMatrix(counts, 1, 1200)).toBe(`[[    0  7919 15838 ... 79043 86962 94881]]`)
  })

  it('summarises only the axes longer than 6', () => {
    const counts = Int32Array.from({ length: 400 * 3 }, (_, o) => (Math.floor(o / 3) * 13 + (o % 3) * 101) % 997)
    expect(formatNumpyMatrix(counts, 400, 3)).toBe(`[[  0 101 202]
 [ 13 114 215]
 [ 26 127 228]
 ...
 [176 277 378]
 [189 290 391]
 [202 303 404]]`)
  })
})

describe('formatNumpyMatrix, properties', () => {
  // Up to 30×30 (never summarised) with any Int32 values, small ones more often.
  const matrices = fc.record({ rows: fc.integer({ min: 1, max: 30 }), cols: fc.integer({ min: 1, max: 30 }) }).chain(({ rows, cols }) =>
    fc.record({
      rows: fc.constant(rows),
      cols: fc.constant(cols),
      counts: fc.array(fc.oneof(fc.nat({ max: 9999 }), fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 })), {
        minLength: rows * cols,
        maxLength: rows * cols,
      }),
    }),
  )

  it('prints every number, in order', () => {
    fc.assert(
      fc.property(matrices, ({ rows, cols, counts }) => {
        const text = formatNumpyMatrix(counts, rows, cols)
        expect(text.replace(/[[\]]/g, ' ').trim().split(/\s+/).map(Number)).toEqual(counts)
      }),
    )
  })

  it('keeps every line within 75 characters and starts one line per row with "["', () => {
    fc.assert(
      fc.property(matrices, ({ rows, cols, counts }) => {
        const lines = formatNumpyMatrix(counts, rows, cols).split('\n')
        expect(lines.every((line) => line.length <= 75)).toBe(true)
        expect(lines.filter((line) => line.startsWith(' [') || line.startsWith('[[')).length).toBe(rows)
      }),
    )
  })

  it('gives every number the same width, one space apart', () => {
    fc.assert(
      fc.property(matrices, ({ rows, cols, counts }) => {
        const width = Math.max(...counts.map((count) => String(count).length))
        // Drop the two leading characters ("[[", " [" or the two-space indent) and the
        // closing brackets; what is left is fields of exactly `width` characters and spaces.
        const fields = formatNumpyMatrix(counts, rows, cols)
          .split('\n')
          .flatMap((line) => {
            const rest = line.slice(2).replace(/\]+$/, '')
            expect((rest.length + 1) % (width + 1)).toBe(0)
            return Array.from({ length: (rest.length + 1) / (width + 1) }, (_, i) => rest.slice(i * (width + 1), i * (width + 1) + width))
          })
        expect(fields.map(Number)).toEqual(counts)
      }),
    )
  })

  it('leaves its input untouched', () => {
    fc.assert(
      fc.property(matrices, ({ rows, cols, counts }) => {
        const typed = Int32Array.from(counts)
        formatNumpyMatrix(typed, rows, cols)
        expect(Array.from(typed)).toEqual(counts)
      }),
    )
  })
})
