// Command-line flags: one table gives both the parser and the --help text. Every bad value
// is rejected with its own one-line message before any work starts.

import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { closestWords, commandLine, didYouMean, editDistance, helpText, parseFlags, type FlagSpec, type FlagValues } from '../../src/cli/flags.ts'
import { TRAIN_FLAGS } from '../../src/cli/train.ts'

// One flag of every kind, with and without defaults and ranges.
const FLAGS: readonly FlagSpec[] = [
  { name: 'epochs', kind: { type: 'int', min: 1 }, default: 10, value: 'N', help: 'passes over the data' },
  { name: 'seed', kind: { type: 'int', min: 0, max: 255 }, default: 1, value: 'N', help: 'the seed' },
  { name: 'lr', kind: { type: 'number', above: 0 }, default: 0.001, value: 'X', help: 'learning rate' },
  { name: 'lr-min', kind: { type: 'number', atLeast: 0 }, default: 0, value: 'X', help: 'final learning rate' },
  { name: 'factor', kind: { type: 'number', above: 0, below: 1 }, default: 0.3, value: 'X', help: 'a factor' },
  { name: 'shift', kind: { type: 'number' }, value: 'X', help: 'any number' },
  { name: 'optimizer', kind: { type: 'choice', choices: ['sgd', 'momentum', 'adam'] }, default: 'adam', value: 'NAME', help: 'update rule' },
  { name: 'out', kind: { type: 'string' }, default: 'out', value: 'DIR', help: 'where to write' },
  { name: 'data', kind: { type: 'string' }, help: 'where to read' },
  { name: 'shuffle', kind: { type: 'switch' }, help: 'reshuffle' },
]

const right = (result: E.Either<string, FlagValues>): FlagValues => {
  if (E.isLeft(result)) throw new Error(`expected Right, got Left: ${result.left}`)
  return result.right
}

const left = (result: E.Either<string, FlagValues>): string => {
  if (E.isRight(result)) throw new Error(`expected Left, got Right: ${JSON.stringify(result.right)}`)
  return result.left
}

const parse = (...argv: string[]) => parseFlags(FLAGS, argv)

describe('parseFlags: good values', () => {
  it('gives every default when no flag is given, and leaves flags without one unset', () => {
    const values = right(parse())
    expect(values).toEqual({ help: false, epochs: 10, seed: 1, lr: 0.001, 'lr-min': 0, factor: 0.3, optimizer: 'adam', out: 'out' })
    expect(values.shift).toBeUndefined()
    expect(values.data).toBeUndefined()
    expect(values.shuffle).toBeUndefined()
  })

  it('reads each kind of value, as `--flag value` or `--flag=value`', () => {
    expect(right(parse('--epochs', '3', '--seed=0', '--lr', '1e-2', '--lr-min=0', '--factor', '.5', '--optimizer', 'sgd', '--out', 'runs/a', '--data=dir', '--shuffle'))).toEqual({
      help: false,
      epochs: 3,
      seed: 0,
      lr: 0.01,
      'lr-min': 0,
      factor: 0.5,
      optimizer: 'sgd',
      out: 'runs/a',
      data: 'dir',
      shuffle: true,
    })
  })

  it('lets the last of a repeated flag win', () => {
    expect(right(parse('--epochs', '2', '--epochs', '5')).epochs).toBe(5)
  })

  it('accepts negative numbers where the range allows them, with or without =', () => {
    expect(right(parse('--shift', '-3')).shift).toBe(-3)
    expect(right(parse('--shift', '-.25')).shift).toBe(-0.25)
    expect(right(parse('--shift=-1e3')).shift).toBe(-1000)
    // A negative value for a string flag is just text.
    expect(right(parse('--out', '-1')).out).toBe('-1')
  })

  it('reads --help and -h', () => {
    expect(right(parse('--help')).help).toBe(true)
    expect(right(parse('-h')).help).toBe(true)
    expect(right(parse('--epochs', '2', '--help')).help).toBe(true)
  })
})

describe('parseFlags: bad values, each with its exact message', () => {
  it('whole numbers: not a number, not whole, out of range', () => {
    expect(left(parse('--epochs', 'ten'))).toBe('--epochs must be a whole number ≥ 1, got "ten"')
    expect(left(parse('--epochs', '2.5'))).toBe('--epochs must be a whole number ≥ 1, got "2.5"')
    expect(left(parse('--epochs', '1e3'))).toBe('--epochs must be a whole number ≥ 1, got "1e3"')
    expect(left(parse('--epochs', '0x10'))).toBe('--epochs must be a whole number ≥ 1, got "0x10"')
    expect(left(parse('--epochs', '0'))).toBe('--epochs must be a whole number ≥ 1, got "0"')
    expect(left(parse('--epochs='))).toBe('--epochs must be a whole number ≥ 1, got ""')
    expect(left(parse('--epochs', '99999999999999999999'))).toBe('--epochs must be a whole number ≥ 1, got "99999999999999999999"')
    expect(left(parse('--seed', '256'))).toBe('--seed must be a whole number from 0 to 255, got "256"')
  })

  it('negative numbers reach the range check instead of being read as flags', () => {
    expect(left(parse('--epochs', '-3'))).toBe('--epochs must be a whole number ≥ 1, got "-3"')
    expect(left(parse('--epochs=-3'))).toBe('--epochs must be a whole number ≥ 1, got "-3"')
    expect(left(parse('--seed', '-1'))).toBe('--seed must be a whole number from 0 to 255, got "-1"')
    expect(left(parse('--lr', '-0.1'))).toBe('--lr must be a number > 0, got "-0.1"')
    expect(left(parse('--lr', '-.5'))).toBe('--lr must be a number > 0, got "-.5"')
    expect(left(parse('--lr-min', '-1'))).toBe('--lr-min must be a number ≥ 0, got "-1"')
    // Also after other flags, and for the real train command.
    expect(left(parse('--out', 'x', '--epochs', '-3', '--shuffle'))).toBe('--epochs must be a whole number ≥ 1, got "-3"')
    expect(left(parseFlags(TRAIN_FLAGS, ['--epochs', '-3']))).toBe('--epochs must be a whole number ≥ 1, got "-3"')
  })

  it('numbers: not a number, not finite, out of range', () => {
    expect(left(parse('--lr', 'fast'))).toBe('--lr must be a number > 0, got "fast"')
    expect(left(parse('--lr', ''))).toBe('--lr must be a number > 0, got ""')
    expect(left(parse('--lr', 'Infinity'))).toBe('--lr must be a number > 0, got "Infinity"')
    expect(left(parse('--lr', '0'))).toBe('--lr must be a number > 0, got "0"')
    expect(left(parse('--factor', '1'))).toBe('--factor must be a number > 0 and < 1, got "1"')
    expect(left(parse('--factor', '0'))).toBe('--factor must be a number > 0 and < 1, got "0"')
  })

  it('numbers without bounds: a message without a stray space', () => {
    expect(left(parse('--shift', 'NaN'))).toBe('--shift must be a number, got "NaN"')
    expect(left(parse('--shift', 'x'))).toBe('--shift must be a number, got "x"')
  })

  it('choices: lists the allowed ones', () => {
    expect(left(parse('--optimizer', 'rmsprop'))).toBe('--optimizer must be one of sgd, momentum, adam, got "rmsprop"')
    expect(left(parse('--optimizer', 'Adam'))).toBe('--optimizer must be one of sgd, momentum, adam, got "Adam"')
  })

  it('strings: must not be empty', () => {
    expect(left(parse('--out', ''))).toBe('--out must not be empty')
    expect(left(parse('--out='))).toBe('--out must not be empty')
  })

  it('switches take no value', () => {
    expect(left(parse('--shuffle=yes'))).toBe("Option '--shuffle' does not take an argument")
  })

  it('a flag that needs a value but has none', () => {
    expect(left(parse('--epochs'))).toBe("Option '--epochs <value>' argument missing")
    // parseArgs reads a value that starts with a dash as the next flag; say how to give it.
    expect(left(parse('--out', '--shuffle'))).toBe('--out needs a value, and "--shuffle" reads as a flag; if it is the value, write "--out=--shuffle"')
    expect(left(parse('--out', '-x'))).toBe('--out needs a value, and "-x" reads as a flag; if it is the value, write "--out=-x"')
  })

  it('unknown flags, in one line without Node\'s advice about positional arguments, naming the closest known flags', () => {
    expect(left(parse('--epoch', '3'))).toBe('unknown flag --epoch; did you mean --epochs?')
    expect(left(parse('--epoch=3'))).toBe('unknown flag --epoch; did you mean --epochs?')
    expect(left(parse('--EPOCHS', '3'))).toBe('unknown flag --EPOCHS; did you mean --epochs?')
    expect(left(parse('--sufhle'))).toBe('unknown flag --sufhle; did you mean --shuffle?')
    expect(left(parse('--lr-mni', '0'))).toBe('unknown flag --lr-mni; did you mean --lr-min?')
    expect(left(parse('--opt', 'sgd'))).toBe('unknown flag --opt; did you mean --optimizer?')
    expect(left(parse('--hepl'))).toBe('unknown flag --hepl; did you mean --help?')
    expect(left(parse('--nope'))).toBe('unknown flag --nope')
    expect(left(parse('-x'))).toBe('unknown flag -x')
    expect(left(parse('--lr=0.1', '-3'))).toBe('unknown flag -3')
    // A long one is quoted, so that the error line cuts it.
    expect(left(parse(`--${'z'.repeat(30)}`))).toBe(`unknown flag ${JSON.stringify(`--${'z'.repeat(30)}`)}`)
  })

  it('positional arguments', () => {
    expect(left(parse('train'))).toBe("Unexpected argument 'train'. This command does not take positional arguments")
    expect(left(parse('--epochs', '2', 'extra'))).toBe("Unexpected argument 'extra'. This command does not take positional arguments")
    expect(left(parse('--', 'extra'))).toBe("Unexpected argument 'extra'. This command does not take positional arguments")
  })

  it('every message is a single line', () => {
    const bad = [['--epochs', '-3'], ['--nope'], ['x'], ['--epochs'], ['--out', '--shuffle'], ['--shuffle=1'], ['--optimizer', 'x']]
    for (const argv of bad) expect(left(parseFlags(FLAGS, argv))).not.toContain('\n')
  })
})

describe('did you mean', () => {
  it('editDistance counts insertions, deletions, substitutions and swaps of neighbours', () => {
    expect(editDistance('epochs', 'epochs')).toBe(0)
    expect(editDistance('epoch', 'epochs')).toBe(1)
    expect(editDistance('batchsize', 'batch-size')).toBe(1)
    expect(editDistance('trian', 'train')).toBe(1)
    expect(editDistance('lr', 'lt')).toBe(1)
    expect(editDistance('', 'seed')).toBe(4)
    expect(editDistance('kitten', 'sitting')).toBe(3)
  })

  it('closestWords: the words it begins, else the nearest within a third of its length', () => {
    const known = ['epochs', 'batch-size', 'step-every', 'step-factor', 'seed', 'lr', 'lr-min']
    expect(closestWords('step', known)).toEqual(['step-every', 'step-factor'])
    expect(closestWords('lr', known)).toEqual(['lr', 'lr-min'])
    expect(closestWords('epohcs', known)).toEqual(['epochs'])
    expect(closestWords('sede', known)).toEqual(['seed'])
    expect(closestWords('workers', known)).toEqual([])
    expect(closestWords('x', known)).toEqual([])
  })

  it('didYouMean joins one, two or three suggestions', () => {
    expect(didYouMean([])).toBe('')
    expect(didYouMean(['--a'])).toBe(' did you mean --a?')
    expect(didYouMean(['--a', '--b'])).toBe(' did you mean --a or --b?')
    expect(didYouMean(['--a', '--b', '--c'])).toBe(' did you mean --a, --b or --c?')
  })
})

describe('helpText', () => {
  it('prints usage, the description and one aligned line per flag with its default', () => {
    const small: readonly FlagSpec[] = [
      { name: 'epochs', kind: { type: 'int', min: 1 }, default: 10, value: 'N', help: 'passes over the data' },
      { name: 'optimizer', kind: { type: 'choice', choices: ['sgd', 'adam'] }, default: 'adam', value: 'NAME', help: 'update rule' },
      { name: 'data', kind: { type: 'string' }, help: 'a directory' },
      { name: 'shuffle', kind: { type: 'switch' }, help: 'reshuffle every epoch' },
    ]
    expect(helpText('npm run train -- [options]', 'Trains a network.', small)).toBe(
      [
        'usage: npm run train -- [options]',
        '',
        'Trains a network.',
        '',
        'options:',
        '  --epochs N        passes over the data [default: 10]',
        '  --optimizer NAME  update rule (sgd | adam) [default: adam]',
        '  --data VALUE      a directory',
        '  --shuffle         reshuffle every epoch',
        '  --help            show this help and exit',
        '',
      ].join('\n'),
    )
  })

  it('adds notes, then examples written with the command as the user ran it', () => {
    const small: readonly FlagSpec[] = [{ name: 'epochs', kind: { type: 'int', min: 1 }, default: 10, value: 'N', help: 'passes' }]
    const examples = (command: string) => [
      { line: commandLine(command, ''), does: 'the defaults' },
      { line: commandLine(command, '--epochs 1'), does: 'one pass' },
    ]
    const installed = helpText('annotated-cnn train [options]', 'Trains.', small, examples('annotated-cnn train'), ['a note'])
    expect(installed.split('\n').slice(5)).toEqual([
      '  --epochs N  passes [default: 10]',
      '  --help      show this help and exit',
      '',
      'a note',
      '',
      'examples:',
      '  annotated-cnn train',
      '      the defaults',
      '  annotated-cnn train --epochs 1',
      '      one pass',
      '',
    ])
    // In the repository, `npm run train --` loses its `--` when no flags follow.
    expect(examples('npm run train --').map(({ line }) => line)).toEqual(['npm run train', 'npm run train -- --epochs 1'])
  })

  it('lists every flag of the train command, aligned in one column', () => {
    const text = helpText('u', 'a', TRAIN_FLAGS)
    const lines = text.split('\n').filter((line) => line.startsWith('  --'))
    expect(lines.map((line) => /^ {2}--([\w-]+)/.exec(line)![1])).toEqual([...TRAIN_FLAGS.map((spec) => spec.name), 'help'])
    // The help column starts at the same place on every line.
    const columns = new Set(lines.map((line) => /^ {2}--[\w-]+(?: [A-Z]+)? +/.exec(line)![0].length))
    expect(columns.size).toBe(1)
    expect(text).toContain('(sgd | momentum | adam) [default: adam]')
  })
})

describe('the train command\'s flags', () => {
  it('default to the original experiment', () => {
    expect(right(parseFlags(TRAIN_FLAGS, []))).toMatchObject({
      epochs: 10,
      'batch-size': 1,
      lr: 0.001,
      optimizer: 'adam',
      seed: 1,
      arch: 'conv3x3x1-lrelu-pool2-dense10',
      split: 'sklearn',
      'test-fraction': 0.2,
    })
  })
})
