// The answers of the syllabus are true
// =====================================
//
// docs/README.md's exercises have answers; scripts/tools/exercises.ts holds a check for every
// answer that states an outcome. Here we run the quick checks (numbers, shapes, messages,
// small programs a reader runs with tsx) and make sure no answer goes unchecked. The slow
// checks train for an epoch or run specs on an edited copy of the sources:
// `npm run exercises -- --check` runs those too.

import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { checkAnswer, coverageProblems, EXERCISES, isOpenEnded, OPEN_ENDED, readSyllabus, ROOT, SYLLABUS, type Syllabus } from '../scripts/tools/exercises.ts'

let syllabus: Syllabus

beforeAll(async () => {
  syllabus = readSyllabus(await readFile(join(ROOT, SYLLABUS), 'utf8'))
})

describe('the syllabus and its checks', () => {
  it('gives every exercise an answer, and every answer that states an outcome a check', () => {
    expect(syllabus.questions.size).toBeGreaterThan(20)
    expect(coverageProblems(syllabus)).toEqual([])
  })

  it('marks only what depends on the reader as open-ended', () => {
    const open = [...syllabus.answers].filter(([, answer]) => isOpenEnded(answer)).map(([id]) => id)
    expect(open).toEqual(['10.1'])
  })
})

describe('reading the syllabus', () => {
  const markdown = (answers: string) =>
    ['## 3. Gradient checking', '', '**Try this.**', '1. Compute `f(2)`.', '2. Run', '   `npm run x`.', '', '## Answers', '', answers, '', '---'].join('\n')

  it('finds the exercises of a chapter and the numbered parts of its answer', () => {
    const read = readSyllabus(markdown('**3.** (1) It is 4. (2) It prints\n`ok` (twice).'))
    expect([...read.questions]).toEqual([
      ['3.1', 'Compute `f(2)`.'],
      ['3.2', 'Run\n`npm run x`.'],
    ])
    expect([...read.answers]).toEqual([
      ['3.1', 'It is 4.'],
      ['3.2', 'It prints\n`ok` (twice).'],
    ])
    expect(read.problems).toEqual([])
  })

  it('fails an answer nobody checks, unless it says it is open-ended', () => {
    const unchecked = coverageProblems(readSyllabus(markdown('**3.** (1) It is 4. (2) It prints `ok`.')), [])
    expect(unchecked).toHaveLength(2)
    expect(unchecked[0]).toMatch(/^answer 3\.1 states an outcome that nothing checks/)
    const open = coverageProblems(readSyllabus(markdown(`**3.** (1) ${OPEN_ENDED}. (2) ${OPEN_ENDED}, too.`)), [])
    expect(open).toEqual([])
  })

  it('notices an exercise without an answer, and a check without an exercise', () => {
    const read = readSyllabus(markdown('**3.** (1) It is 4.'))
    expect(read.problems).toEqual(['exercise 3.2 has no answer'])
    const [check] = EXERCISES
    expect(coverageProblems(read, [check!])).toContain(`the check of ${check!.id} has no answer in ${SYLLABUS}`)
  })
})

describe('a check', () => {
  it('fails an answer that says something else than the code computes', async () => {
    const exercise = EXERCISES.find((e) => e.id === '1.1')!
    const syllabusWith = (answer: string) =>
      readSyllabus(['## 1. Memory', '', '**Try this.**', '1. Where does it live?', '', '## Answers', '', `**1.** (1) ${answer}`, ''].join('\n'))
    expect((await checkAnswer(exercise, syllabusWith('((1·1 + 0)·28 + 2)·28 + 3 = 843.'))).status).toBe('ok')
    const wrong = await checkAnswer(exercise, syllabusWith('((1·1 + 0)·28 + 2)·28 + 3 = 844.'))
    expect(wrong.status).toBe('FAIL')
    expect(wrong.detail).toBe('the answer does not say "= 843"')
  })
})

describe('the quick answers, checked against the code', () => {
  const quick = EXERCISES.filter((exercise) => !exercise.slow)
  it.each(quick.map((exercise) => [exercise.id, exercise] as const))('%s', async (_id, exercise) => {
    const verdict = await checkAnswer(exercise, syllabus)
    expect(verdict.status, verdict.detail).toBe('ok')
  }, 60_000)
})
