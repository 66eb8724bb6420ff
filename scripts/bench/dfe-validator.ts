/**
 * npm run bench:dfe-validator — the service's DfE rules beside the DfE's own tool (issue #17), on the
 * same files, one after the other, on this machine.
 *
 *   DFE_VALIDATOR_DIR=<checkout of csc-validator-be-903> npm run bench:dfe-validator
 *
 * Returns: the public fake set (../shared/fixtures/ssda903-fake, or FAKE_903_DIR) as a 2024-25 and a
 * 2025-26 CSV set and as its XML file, and a generated authority's 2024-25 CSV set (BENCH_SEED, default
 * 903; BENCH_SCALE, default 3.5: about 5,000 children over ten years, 2,500 in the year). For each, BENCH_RUNS rounds
 * (default 5) of:
 *
 * - the tool: scripts/ssda903-validator/run.py in a new Python process, timed whole (its start, pandas'
 *   import above all, included: what a council waits for) and by its own clock around reading the
 *   files and running the rules (its start left out: the fairest figure for the tool);
 * - the service: POST .../returns/ssda903/validate through app.inject (multipart or XML as a client
 *   sends it; the answer built, a page of one finding), and in process the files read into tables
 *   alone (the floor of any validation: nothing can check rows it has not read) and the rules run.
 *
 * Prints each median and the ratios. Environment: VALIDATOR_PYTHON (a Python 3 with pandas < 2, default
 * python3: Debian's python3-pandas), BENCH_DATABASE_URL (for the API key the route needs; a schema of
 * its own, dropped after).
 */
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { returnTables, validateReturn } from '../../src/domain/dfe-rules/index.ts'
import { read903CsvTables, read903XmlTables, type TableName } from '../../src/domain/ssda903/index.ts'
import { createApiClient } from '../../src/modules/clients/queries.ts'
import { generateAuthority } from '../demo/generator/index.ts'
import { scriptApp } from '../script-app.ts'
import { filesIn, sourceChildren, sourceFiles } from '../ssda903-validator/source.ts'
import { benchDatabase } from './db.ts'
import { median, multipartFiles, timed } from './measure.ts'

const here = path.dirname(fileURLToPath(import.meta.url))
const VALIDATOR = process.env.DFE_VALIDATOR_DIR
if (VALIDATOR === undefined || !existsSync(path.join(VALIDATOR, 'lac_validator'))) {
  console.error('Set DFE_VALIDATOR_DIR to a checkout of data-to-insight/csc-validator-be-903 (the folder holding lac_validator/).')
  process.exit(2)
}
const PYTHON = process.env.VALIDATOR_PYTHON ?? 'python3'
const RUNNER = path.join(here, '..', 'ssda903-validator', 'run.py')
const FAKE = process.env.FAKE_903_DIR ?? path.join(here, '..', '..', '..', 'shared', 'fixtures', 'ssda903-fake')
const RUNS = Number(process.env.BENCH_RUNS ?? 5)
const SEED = Number(process.env.BENCH_SEED ?? 903)
const SCALE = Number(process.env.BENCH_SCALE ?? 3.5)
const LA = '372'

interface Case {
  name: string
  year: number
  files: Record<string, string>
}

const isXml = (c: Case) => Object.keys(c.files).some((name) => name.endsWith('.xml'))

function describe(c: Case): string {
  const tables = returnTables(readTables(c).tables)
  const rows = (table: TableName) => (tables[table]?.rows.length ?? 0).toLocaleString('en-GB')
  return `${rows('Header')} children, ${rows('Episodes')} episodes, ${rows('Reviews')} reviews`
}

const fakeCsv = filesIn(FAKE, '.csv')
const demo = generateAuthority({ la: LA, seed: SEED, scale: SCALE, endDate: '2026-03-31' })
const cases: Case[] = [
  { name: 'the fake set, CSV, as 2024-25', year: 2025, files: fakeCsv },
  { name: 'the fake set, CSV, as 2025-26', year: 2026, files: fakeCsv },
  { name: 'the fake set, XML, as 2024-25', year: 2025, files: filesIn(FAKE, '.xml') },
  {
    name: `a generated authority (seed ${SEED}, scale ${SCALE}), its 2024-25 CSV set`,
    year: 2025,
    files: sourceFiles(sourceChildren(demo.children, SEED, '2026-03-31'), 2025),
  },
]

const work = mkdtempSync(path.join(os.tmpdir(), 'bench-dfe-validator-'))
const handle = await benchDatabase(2)
const app = await scriptApp(handle.db, { config: { importBodyLimit: 256 << 20 }, webhooks: false })
await app.ready()
await handle.db.insertInto('authorities').values({ la: LA, name: 'Bench', updatedAt: new Date() }).execute()
const { key } = await createApiClient(handle.db, { name: 'bench', scopes: ['records:read'], authorities: ['*'] })
const authorization = `Bearer ${key}`

/** The tool once: its whole process by the wall clock, and its own reading and rules. */
function runTool(dir: string, year: number): { whole: number; validate: number } {
  const out = path.join(work, 'answer.json')
  const started = performance.now()
  execFileSync(PYTHON, [RUNNER, VALIDATOR as string, dir, String(year), out], { stdio: ['ignore', 'ignore', 'inherit'] })
  const whole = performance.now() - started
  const answer = JSON.parse(readFileSync(out, 'utf8')) as { seconds: { validate: number } }
  return { whole, validate: answer.seconds.validate * 1000 }
}

async function postValidate(c: Case): Promise<number> {
  const url = `/v1/authorities/${LA}/returns/ssda903/validate?year=${c.year}&limit=1`
  const body = isXml(c)
    ? { payload: Object.values(c.files)[0] as string, headers: { 'content-type': 'application/xml', authorization } }
    : await multipartFiles(c.files, authorization)
  const { ms, value } = await timed(() => app.inject({ method: 'POST', url, ...body }))
  if (value.statusCode !== 200) throw new Error(`${c.name}: ${value.statusCode} ${value.body.slice(0, 300)}`)
  return ms
}

function readTables(c: Case) {
  const xml = Object.values(c.files)[0] as string
  return isXml(c) ? read903XmlTables(xml) : read903CsvTables(Object.entries(c.files).map(([name, content]) => ({ name, content })))
}

const ms = (x: number) => `${Math.round(x).toLocaleString('en-GB')} ms`
const ratio = (a: number, b: number) => `${(a / b).toFixed(1)}x`

try {
  // The first call of a process compiles the rules' code: shown apart, as a service pays it once.
  const first = await postValidate(cases[0] as Case)
  console.log(`first POST validate of this process (the fake set): ${ms(first)}`)
  console.log(`median of ${RUNS} rounds, each the tool then the service:\n`)
  console.log(
    '| return | the tool, whole | the tool, reading and rules | the service, POST validate | the service, reading alone / rules | ratio, whole / rules only |',
  )
  console.log('|---|---|---|---|---|---|')
  for (const c of cases) {
    const dir = path.join(work, c.name.replace(/[^a-z0-9]+/gi, '-'))
    mkdirSync(dir, { recursive: true })
    for (const [name, content] of Object.entries(c.files)) writeFileSync(path.join(dir, name), content)
    const tool = { whole: [] as number[], validate: [] as number[] }
    const service = { post: [] as number[], read: [] as number[], rules: [] as number[] }
    for (let i = 0; i < RUNS; i++) {
      const t = runTool(dir, c.year)
      tool.whole.push(t.whole)
      tool.validate.push(t.validate)
      service.post.push(await postValidate(c))
      const read = await timed(async () => returnTables(readTables(c).tables))
      service.read.push(read.ms)
      service.rules.push((await timed(async () => validateReturn(read.value, c.year))).ms)
    }
    const post = median(service.post)
    console.log(
      `| ${c.name}: ${describe(c)} | ${ms(median(tool.whole))} | ${ms(median(tool.validate))} | ${ms(post)} | ${ms(median(service.read))} / ${ms(median(service.rules))} | ${ratio(median(tool.whole), post)} / ${ratio(median(tool.validate), post)} |`,
    )
  }
} finally {
  await app.close()
  await handle.close()
  rmSync(work, { recursive: true, force: true })
}
