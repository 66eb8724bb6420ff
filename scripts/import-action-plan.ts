/**
 * npx tsx scripts/import-action-plan.ts FILE --la 372 --title "Corporate Parenting Action Plan 2025-26"
 *   [--board "Corporate Parenting Partnership Board"] [--period-start 2025-04-01] [--period-end 2026-03-31]
 *
 * Imports the board's table from a CSV or JSON export (chosen by the file's extension) into
 * DATABASE_URL (or the embedded database in DATA_DIR), through the same import as
 * POST /v1/authorities/{la}/action-plans/import, and prints counts by status and the findings.
 * Exits 1 when the table is refused (nothing is stored), 2 on a usage mistake.
 */
import { readFileSync } from 'node:fs'
import { extname } from 'node:path'
import { parseArgs } from 'node:util'
import { loadConfig } from '../src/config.ts'
import { openDatabase } from '../src/db/connect.ts'
import { migrateToLatest } from '../src/db/migrate.ts'
import { isIsoDate } from '../src/domain/dates/calendar.ts'
import { HttpProblem } from '../src/http/problem.ts'
import { formatFinding, formatImportSummary, importActionPlan } from '../src/modules/action-plans/service.ts'

const USAGE = 'usage: import-action-plan FILE.csv|FILE.json --la 372 --title TITLE [--board BOARD] [--period-start YYYY-MM-DD] [--period-end YYYY-MM-DD]'

const fail = (message: string): never => {
  process.stderr.write(`${message}\n${USAGE}\n`)
  process.exit(2)
}

const { values, positionals } = (() => {
  try {
    return parseArgs({
      allowPositionals: true,
      options: {
        la: { type: 'string' },
        title: { type: 'string' },
        board: { type: 'string' },
        'period-start': { type: 'string' },
        'period-end': { type: 'string' },
      },
    })
  } catch (e) {
    return fail(e instanceof Error ? e.message : String(e))
  }
})()

const file = positionals.length === 1 ? (positionals[0] as string) : fail('give exactly one FILE')
const ext = extname(file).toLowerCase()
const format = ext === '.csv' ? 'csv' : ext === '.json' ? 'json' : fail(`FILE must end in .csv or .json (got ${JSON.stringify(ext)})`)
const la = values.la ?? fail('--la is required')
if (!/^\d{3}$/.test(la)) fail('--la must be a three-digit authority code')
const title = values.title?.trim() || fail('--title is required')
for (const option of ['period-start', 'period-end'] as const) {
  const v = values[option]
  if (v !== undefined && !isIsoDate(v)) fail(`--${option} must be a date YYYY-MM-DD`)
}

const content = (() => {
  try {
    return readFileSync(file, 'utf8')
  } catch (e) {
    return fail(`cannot read ${file}: ${e instanceof Error ? e.message : String(e)}`)
  }
})()

const config = loadConfig()
const handle = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir })
try {
  await migrateToLatest(handle.db)
  const result = await importActionPlan(handle.db, la, {
    title,
    format,
    content,
    ...(values.board !== undefined ? { board: values.board } : {}),
    ...(values['period-start'] !== undefined ? { periodStart: values['period-start'] } : {}),
    ...(values['period-end'] !== undefined ? { periodEnd: values['period-end'] } : {}),
  })
  process.stdout.write(formatImportSummary(result))
} catch (e) {
  if (!(e instanceof HttpProblem)) throw e
  const findings = (e.extra?.findings ?? []) as Parameters<typeof formatFinding>[0][]
  const lines = [
    `Not imported: ${e.message}`,
    ...(findings.length > 0 ? findings.map((f) => `  ${formatFinding(f)}`) : (e.errors ?? []).map((x) => `  ${x.pointer}: ${x.message}`)),
  ]
  process.stderr.write(`${lines.join('\n')}\n`)
  process.exitCode = 1
} finally {
  await handle.close()
}
