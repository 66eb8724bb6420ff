/**
 * npm run board-pack -- --la 372 --as-at 2026-03-31 --out pack.html
 *
 * Writes the board pack (the same page as GET /v1/authorities/{la}/board-pack) from DATABASE_URL, or the
 * embedded database as the service uses it (stop the service first: one process per PGlite folder).
 * Small numbers are shown, as for a key without suppression; --suppress withholds counts of 1 to 4.
 */
import { writeFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { boardPackSources } from '../src/board-pack-sources.ts'
import { loadConfig } from '../src/config.ts'
import { openDatabase } from '../src/db/connect.ts'
import { migrateToLatest } from '../src/db/migrate.ts'
import { isIsoDate } from '../src/domain/dates/calendar.ts'
import { todayInEngland } from '../src/domain/dates/today.ts'
import { kpiById, resolvePoint, type KpiDefinition } from '../src/domain/kpis/index.ts'
import { HttpProblem } from '../src/http/problem.ts'
import { boardPack } from '../src/modules/board-pack/service.ts'
import { kpiService } from '../src/modules/kpis/service.ts'

const USAGE = 'usage: board-pack --la 372 [--as-at YYYY-MM-DD] --out FILE.html [--suppress]'
const fail = (message: string): never => {
  process.stderr.write(`${message}\n${USAGE}\n`)
  process.exit(2)
}

const { values } = (() => {
  try {
    return parseArgs({ options: { la: { type: 'string' }, 'as-at': { type: 'string' }, out: { type: 'string' }, suppress: { type: 'boolean' } } })
  } catch (e) {
    return fail(e instanceof Error ? e.message : String(e))
  }
})()
const la = values.la ?? fail('--la is required')
if (!/^\d{3}$/.test(la)) fail('--la must be a three-digit authority code')
const out = values.out ?? fail('--out is required')
const asAt = values['as-at']
if (asAt !== undefined && !isIsoDate(asAt)) fail('--as-at must be a date YYYY-MM-DD')
const now = (() => {
  try {
    return resolvePoint(kpiById('admissions') as KpiDefinition, { asAt }, todayInEngland())
  } catch (e) {
    return fail(`--as-at: ${e instanceof Error ? e.message : String(e)}`)
  }
})()

const config = loadConfig()
const handle = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir })
const kpis = kpiService(handle.db)
try {
  await migrateToLatest(handle.db)
  const html = await boardPack(handle.db, boardPackSources(handle.db, kpis), la, now, values.suppress === true)
  writeFileSync(out, html)
  process.stdout.write(`wrote ${out} (${html.length} characters)\n`)
} catch (e) {
  if (!(e instanceof HttpProblem)) throw e
  process.stderr.write(`${e.message}\n`)
  process.exitCode = 1
} finally {
  kpis.close()
  await handle.close()
}
