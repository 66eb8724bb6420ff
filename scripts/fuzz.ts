/**
 * npm run fuzz -- [--runs 300] [--seed 14] [--only children]
 *
 * The contract campaign of test/contract/fuzz.test.ts, for longer: for every operation of the
 * committed openapi/openapi.json, `runs` requests (40% valid, 60% with one thing wrong) through the
 * real app on PostgreSQL (FUZZ_DATABASE_URL, default the local test server, in a schema of its own
 * dropped afterwards). Prints the statuses seen and every broken promise; exits 1 when there is one.
 */
import { parseArgs } from 'node:util'

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '300' },
    seed: { type: 'string', default: '14' },
    only: { type: 'string' },
  },
})
const runs = Number(values.runs)
const seed = Number(values.seed)
if (!Number.isInteger(runs) || runs < 1 || !Number.isInteger(seed)) {
  console.error('--runs must be a whole number above 0, --seed a whole number')
  process.exit(2)
}

// The test helper reads the database from TEST_DATABASE_URL when it loads.
process.env.TEST_DATABASE_URL = process.env.FUZZ_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
const { buildTestApp } = await import('../test/helper.ts')
const { fuzzOperation, prepareCampaign } = await import('../test/contract/campaign.ts')
const { operationName } = await import('../test/contract/requests.ts')

// The helper registers its clean-up (close the app, drop the schema, check the logs) as teardowns.
const teardowns: Array<() => unknown> = []
const h = await buildTestApp({ teardown: (fn: () => unknown) => void teardowns.push(fn) })

const started = Date.now()
const statuses: Record<number, number> = {}
const failures: string[] = []
const known: string[] = []
let requests = 0
try {
  const campaign = await prepareCampaign(h)
  const selected = campaign.operations.filter((op) => !values.only || operationName(op).includes(values.only))
  const valid = Math.round(runs * 0.4)
  for (const op of selected) {
    const report = await fuzzOperation(campaign, op, { valid, mutated: runs - valid, seed })
    requests += report.requests
    for (const [status, n] of Object.entries(report.statuses)) statuses[Number(status)] = (statuses[Number(status)] ?? 0) + n
    failures.push(...report.failures.map((f) => `${report.operation}: ${f}`))
    known.push(...report.known.map((f) => `${report.operation}: ${f}`))
    const flag = (report.failures.length ? `  ${report.failures.length} FAILED` : '') + (report.known.length ? `  ${report.known.length} known` : '')
    console.log(`${report.operation.padEnd(80)} ${String(report.requests).padStart(6)} ${JSON.stringify(report.statuses)}${flag}`)
  }
  console.log(
    `\n${selected.length} operations, ${requests} requests (runs ${runs} per operation, seed ${seed}) in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  )
  console.log(`statuses: ${JSON.stringify(statuses)}`)
  const fives = Object.entries(statuses)
    .filter(([s]) => Number(s) >= 500)
    .reduce((n, [, c]) => n + c, 0)
  console.log(`5xx: ${fives}; contract violations: ${failures.length}; known issues (KNOWN_ISSUES, owned elsewhere): ${known.length}`)
  for (const f of failures.slice(0, 50)) console.log(`\n${f}`)
  if (known.length) console.log(`\nknown, first of ${known.length}:\n${known[0]}`)
} finally {
  for (const fn of teardowns.reverse()) {
    try {
      await fn()
    } catch (err) {
      failures.push(`clean-up: ${(err as Error).message}`)
      console.log(`clean-up: ${(err as Error).message}`)
    }
  }
}
process.exit(failures.length ? 1 : 0)
