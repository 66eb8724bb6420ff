// The DfE rules on their own thread: the same answer as in process, and the event loop free meanwhile.
import t from 'tap'
import { keyedValidation } from '../../../src/domain/dfe-rules/stored.ts'
import { rulesThread } from '../../../src/modules/data-quality/rules-thread.ts'
import { fakeReturn } from '../../domain/dfe-rules/oracle.ts'

const tables = fakeReturn()

t.test('the thread gives the rules, their counts and every finding exactly as in process', async (t) => {
  const thread = rulesThread()
  t.teardown(() => thread.close())
  for (const year of [2025, 2026]) {
    const inProcess = keyedValidation(tables, year)
    const threaded = await thread.validate(tables, year)
    t.same(
      threaded.rules.map((r) => [r.rule.code, r.rows, r.children]),
      inProcess.rules.map((r) => [r.rule.code, r.rows, r.children]),
      `${year}: every rule's rows and children`,
    )
    t.same(threaded.keyed, inProcess.keyed, `${year}: ${inProcess.keyed.length} findings, keys and hashes`)
    t.ok(inProcess.keyed.length > 1000, 'the fake set breaks many rules')
  }
})

t.test('while the rules run, the event loop keeps turning', async (t) => {
  const thread = rulesThread()
  t.teardown(() => thread.close())
  await thread.validate(tables, 2025) // started and warm
  const inProcessStart = performance.now()
  keyedValidation(tables, 2025)
  const inProcessMs = performance.now() - inProcessStart
  // Timer turns during one validation on the thread: in process there would be none at all.
  let turns = 0
  let longest = 0
  let last = performance.now()
  const timer = setInterval(() => {
    const now = performance.now()
    longest = Math.max(longest, now - last)
    last = now
    turns++
  }, 1)
  await thread.validate(tables, 2025)
  clearInterval(timer)
  t.ok(turns >= 5, `the loop turned ${turns} times while the thread worked (${Math.round(inProcessMs)} ms of rules in process)`)
  t.ok(longest < inProcessMs, `its longest gap (${Math.round(longest)} ms) is shorter than the rules' time in process`)
})

t.test('after a thread is closed, a new one works', async (t) => {
  const thread = rulesThread()
  await thread.validate(tables, 2025)
  await thread.close()
  const again = rulesThread()
  t.teardown(() => again.close())
  t.ok((await again.validate(tables, 2026)).keyed.length > 0)
})
