// The DfE rules on their own thread: the same answer as in process, and the event loop free meanwhile.
import t from 'tap'
import { keyedValidation } from '../../../src/domain/dfe-rules/stored.ts'
import { rulesThread } from '../../../src/modules/data-quality/rules-thread.ts'
import { validateUpload } from '../../../src/domain/dfe-rules/index.ts'
import { fakeFiles, fakeReturn } from '../../domain/dfe-rules/oracle.ts'

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

t.test('an upload is read and validated on the thread: counts and the page of findings as in process, the files left whole', async (t) => {
  const thread = rulesThread()
  t.teardown(() => thread.close())
  const files = fakeFiles()
  const sizes = files.map((f) => f.content.byteLength)
  const inProcess = validateUpload(files, [], 2025, 25)
  const threaded = await thread.validateUpload(files, [], 2025, 25)
  t.same(threaded, inProcess, `${inProcess.findingCount} findings counted, 25 sent back`)
  t.equal(threaded.findings.length, 25)
  t.ok(threaded.findingCount > 1000)
  // The bytes went over as copies: the caller's buffers are not detached.
  t.same(
    files.map((f) => f.content.byteLength),
    sizes,
  )
  const withPrevious = await thread.validateUpload(files, [{ name: 'header.csv', content: Buffer.from('NOT,A,903,TABLE\n1,2,3,4\n') }], 2025, 0)
  t.equal(withPrevious.unreadable?.field, 'previous', "an unreadable previous year's file is named as such")
  t.same(withPrevious.findings, [])
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
