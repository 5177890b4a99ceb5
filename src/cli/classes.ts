// Class names
// ===========
//
// MNIST's classes are the digits, named "0" to "9". Other data sets in the same IDX format
// (Fashion-MNIST, Kuzushiji-MNIST, EMNIST, your own) number their classes too, and the
// report, predictions.csv, the pictures and model.json should call them by name. Names come
// from the flag or from a file beside the data, the flag first, else they are "0", "1", …:
//
//     --classes "T-shirt/top,Trouser,…"   names in label order, comma-separated
//     DIR/classes.txt                     one name a line, for --data DIR
//
// Name i names label i, so the names are checked against the labels: exactly one for every
// label from 0 to the largest one in the data, none empty, none twice, at most 40
// characters, no control characters and no marks that change the direction of text; spaces
// around a name are dropped. A bad --classes is a bad flag (exit status 2),
// a bad classes.txt a bad file (1), and either is one line naming the flag or the file.
// Previous: cli/library.ts. Next: cli/figures.ts.

import { join } from 'node:path'
import * as E from 'fp-ts/lib/Either.js'
import { classNamesProblem, MAX_CLASSES } from '../model/modelFile.ts'
import { loadExperiment, type DataChoice, type Experiment } from './experiment.ts'
import { CLASS_NAMES_FILE, readGatedIfPresent } from './readGate.ts'

/** The file of class names looked for beside the IDX files of --data. */
export const CLASSES_FILE = 'classes.txt'

/** Labels are bytes, so a data set has at most 256 classes (the rule of model/modelFile.ts). */
export { MAX_CLASSES }

/** Class names, and where they came from (`--classes` or the file's path), for messages. */
export interface ClassNames {
  readonly names: readonly string[]
  readonly source: string
}

/** The names of classes that have none: "0", "1", … . */
export const digitNames = (classes: number): readonly string[] => Array.from({ length: classes }, (_, i) => String(i))

// Checking a list of names
// ------------------------

// The rule is the model file's (model/modelFile.ts `classNamesProblem`), so that every name
// a run accepts, and writes into model.json, evaluate accepts again: 1 to 40 characters, no
// control characters (they cannot appear in an SVG picture, and a tab or a carriage return
// inside a name is a mistake in the file rather than a name), no marks that reorder text.

// The names, checked; `where(i)` says where name i was written, for messages.
const checkNames = (names: readonly string[], source: string, where: (i: number) => string): E.Either<string, ClassNames> => {
  const problem = classNamesProblem(names, where)
  return problem === undefined ? E.right({ names, source }) : E.left(`${source}: ${problem}`)
}

/** Checks a list of names in label order (such as the "classes" of a model file); `source` says whose. */
export const checkClassNames = (names: readonly string[], source: string): E.Either<string, ClassNames> =>
  checkNames(names, source, (i) => `the name of label ${i}`)

/**
 * The names given by `--classes`: comma-separated, in label order.
 * @example classNamesFromFlag('cat, dog') // right({ names: ['cat', 'dog'], source: '--classes' })
 * @example classNamesFromFlag('cat,,dog') // left('--classes: the name of label 1 is empty')
 */
export const classNamesFromFlag = (text: string): E.Either<string, ClassNames> =>
  checkClassNames(text.split(',').map((name) => name.trim()), '--classes')

/**
 * The names in the text of a classes.txt at `path`: one a line, in label order. Blank lines
 * at the end, a byte-order mark and Windows line ends are fine; a blank line before a name is
 * not (it would shift every name after it by one label).
 * @example classNamesFromText('cat\r\ndog\n\n', 'classes.txt') // right({ names: ['cat', 'dog'], source: 'classes.txt' })
 */
export const classNamesFromText = (text: string, path: string): E.Either<string, ClassNames> => {
  const lines = text.replace(/^\uFEFF/, '').split('\n').map((line) => line.trim())
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop()
  if (lines.length === 0) return E.left(`${path}: no class names (expected one name a line)`)
  return checkNames(lines, path, (i) => `line ${i + 1} (label ${i})`)
}

/** The names in DIR/classes.txt; `right(undefined)` when there is no such file. */
export const readClassesFile = async (dir: string): Promise<E.Either<string, ClassNames | undefined>> => {
  const path = join(dir, CLASSES_FILE)
  // Through the gate (cli/readGate.ts): a regular file of at most 1 MiB, or a one-line refusal.
  const bytes = await readGatedIfPresent(path, CLASS_NAMES_FILE)
  if (E.isLeft(bytes)) return bytes
  if (bytes.right === undefined) return E.right(undefined)
  return classNamesFromText(new TextDecoder().decode(bytes.right), path)
}

// Names and labels
// ----------------

/**
 * Checks that there is one name for every label from 0 to the largest label (`dataName`
 * names the data in the message).
 * @example namesFitLabels(Uint8Array.of(0, 2, 1), { names: ['a', 'b'], source: '--classes' }, 'DIR')
 * // left('--classes names 2 classes, but the labels of DIR run from 0 to 2 (3 classes): give one name per label, in label order')
 */
export const namesFitLabels = (labels: Readonly<Uint8Array>, named: ClassNames, dataName: string): E.Either<string, ClassNames> => {
  let largest = -1
  for (let i = 0; i < labels.length; i++) if (labels[i]! > largest) largest = labels[i]!
  if (named.names.length === largest + 1) return E.right(named)
  const labelsSay = largest < 0 ? `${dataName} has no labels` : `the labels of ${dataName} run from 0 to ${largest} (${largest + 1} classes)`
  const fix = named.source === '--classes' ? 'give one name per label, in label order' : 'it needs one line per label, in label order'
  return E.left(`${named.source} names ${named.names.length} class${named.names.length === 1 ? '' : 'es'}, but ${labelsSay}: ${fix}`)
}

/** An experiment whose classes have names, and where the names came from (undefined: the default digits). */
export interface NamedExperiment extends Experiment {
  readonly classNames: readonly string[]
  readonly namesFrom: string | undefined
}

/** Why loading failed, and the exit status: 2 when a flag is to blame, 1 for a file. */
export interface LoadFailure {
  readonly status: 1 | 2
  readonly message: string
}

/**
 * The experiment of `choice` with its class names: `flag` (from --classes) if given, else
 * the classes.txt beside the --data files if there is one, else "0", "1", … . With names, the
 * data set has exactly as many classes as names.
 */
export const loadNamedExperiment = async (choice: DataChoice, flag: ClassNames | undefined): Promise<E.Either<LoadFailure, NamedExperiment>> => {
  const fromFile = flag === undefined && choice.data !== undefined ? await readClassesFile(choice.data) : E.right(undefined)
  if (E.isLeft(fromFile)) return E.left({ status: 1, message: fromFile.left })
  const named = flag ?? fromFile.right
  // With names, any byte is a label until the names have been checked against the labels.
  const loaded = await loadExperiment(named === undefined ? choice : { ...choice, classes: MAX_CLASSES })
  if (E.isLeft(loaded)) return E.left({ status: 1, message: loaded.left })
  const experiment = loaded.right
  if (named === undefined) return E.right({ ...experiment, classNames: digitNames(experiment.data.classes), namesFrom: undefined })
  const fits = namesFitLabels(experiment.data.labels, named, choice.data ?? 'the bundled MNIST')
  if (E.isLeft(fits)) return E.left({ status: named === flag ? 2 : 1, message: fits.left })
  return E.right({ ...experiment, data: { ...experiment.data, classes: named.names.length }, classNames: named.names, namesFrom: named.source })
}
