/**
 * npm run import-903 -- DIR --la 372 [--mode snapshot|delta] [--strict] [--dry-run] [--allow-shrink] [--confirm-deletes children:120,...]
 *
 * Imports a folder of SSDA903 files (the CSV set, or one XML return) into DATABASE_URL (or the
 * embedded database in DATA_DIR) exactly as POST /v1/authorities/{la}/imports/ssda903 does, with a
 * progress bar on stderr and a summary on stdout: the same checks (damaged files, the shrink guard) and
 * the same configuration (IMPORT_SHRINK_PERCENT, IMPORT_UNDO_DAYS). Exit code 0 when the run succeeded
 * (or the dry run would), 1 when it failed or was refused.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { gunzipSync } from 'node:zlib'
import { loadConfig } from '../src/config.ts'
import { openDatabase } from '../src/db/connect.ts'
import { migrateToLatest } from '../src/db/migrate.ts'
import { collectionYearOf } from '../src/domain/dates/calendar.ts'
import { todayInEngland } from '../src/domain/dates/today.ts'
import { parseConfirmedDeletes } from '../src/domain/imports/shrink.ts'
import { parse903Csv, parse903Xml } from '../src/domain/ssda903/index.ts'
import { runImport } from '../src/modules/imports/service.ts'
import { snapshotFrom903 } from '../src/modules/imports/ssda903-snapshot.ts'

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    la: { type: 'string' },
    mode: { type: 'string', default: 'snapshot' },
    strict: { type: 'boolean', default: false },
    'dry-run': { type: 'boolean', default: false },
    'allow-shrink': { type: 'boolean', default: false },
    'confirm-deletes': { type: 'string' },
  },
})
const dir = positionals[0]
const la = values.la
if (!dir || !la || !/^\d{3}$/.test(la) || (values.mode !== 'snapshot' && values.mode !== 'delta')) {
  process.stderr.write(
    'usage: npm run import-903 -- DIR --la 372 [--mode snapshot|delta] [--strict] [--dry-run] [--allow-shrink] [--confirm-deletes children:120,...]\n',
  )
  process.exit(2)
}

const tty = process.stderr.isTTY
function progress(done: number, total: number, label: string) {
  const width = 30
  const filled = Math.round((width * done) / Math.max(total, 1))
  const line = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ${label}`
  process.stderr.write(tty ? `\r${line.padEnd(80)}` : `${line}\n`)
}

const names = readdirSync(dir)
  .sort()
  .filter((f) => /\.(csv|xml)(\.gz)?$/i.test(f) && statSync(join(dir, f)).isFile())
if (names.length === 0) {
  process.stderr.write(`no .csv or .xml files in ${dir}\n`)
  process.exit(2)
}
const steps = names.length + 3
const started = performance.now()
const files = names.map((name, i) => {
  progress(i, steps, `reading ${name}`)
  const raw = readFileSync(join(dir, name))
  return { name: name.replace(/\.gz$/i, ''), content: /\.gz$/i.test(name) ? gunzipSync(raw) : raw }
})
progress(names.length, steps, 'parsing')
// The CSV set when there is one; otherwise the XML return.
const csvFiles = files.filter((f) => /\.csv$/i.test(f.name))
const xml = csvFiles.length === 0 ? files.find((f) => /\.xml$/i.test(f.name)) : undefined
const parsed = xml ? parse903Xml(xml.content, xml.name) : parse903Csv(csvFiles)

const config = loadConfig()
const handle = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir })
try {
  await migrateToLatest(handle.db)
  const authority = await handle.db.selectFrom('authorities').select('la').where('la', '=', la).executeTakeFirst()
  if (!authority) {
    process.stderr.write(`\nauthority ${la} does not exist: create it first (PUT /v1/authorities/${la})\n`)
    process.exit(2)
  }
  progress(names.length + 1, steps, 'checking and applying')
  const outcome = await runImport(handle.db, snapshotFrom903(parsed, collectionYearOf(todayInEngland())), {
    la,
    format: xml ? 'ssda903-xml' : 'ssda903-csv',
    mode: values.mode,
    strict: values.strict ?? false,
    dryRun: values['dry-run'] ?? false,
    clientId: null,
    requestId: `cli-${Date.now()}`,
    today: todayInEngland(),
    guard: {
      limit: config.importShrinkPercent / 100,
      allow: values['allow-shrink'] ?? false,
      confirmed: values['confirm-deletes'] ? parseConfirmedDeletes(values['confirm-deletes']) : null,
    },
    undoDays: config.importUndoDays,
  })
  progress(steps, steps, 'done')
  process.stderr.write('\n')
  if (outcome.kind === 'preview') {
    console.log(`dry run: ${outcome.preview.changed ? 'would change' : 'would change nothing'}; nothing was applied`)
    for (const [table, c] of Object.entries(outcome.preview.counts)) {
      console.log(`  ${table.padEnd(10)} inserted ${c.inserted}, updated ${c.updated}, deleted ${c.deleted}, unchanged ${c.unchanged}, rejected ${c.rejected}`)
    }
    console.log(`  findings: ${outcome.preview.errorCount} errors, ${outcome.preview.warningCount} warnings`)
    process.exit(0)
  }
  if (outcome.kind === 'refused' && outcome.refusal.run === null) {
    console.log(`refused: ${outcome.refusal.detail}`)
    process.exit(1)
  }
  const run = outcome.kind === 'run' ? outcome.run : (outcome.refusal.run as NonNullable<typeof outcome.refusal.run>)
  const rules = await handle.db
    .selectFrom('import_findings')
    .select(['rule', 'severity', (eb) => eb.fn.countAll<string>().as('n')])
    .where('runId', '=', run.id)
    .groupBy(['rule', 'severity'])
    .orderBy('n', 'desc')
    .limit(10)
    .execute()
  console.log(`import ${run.id}: ${run.status}${run.changed === false ? ' (nothing changed)' : ''} in ${((performance.now() - started) / 1000).toFixed(1)} s`)
  for (const [table, c] of Object.entries(run.counts)) {
    console.log(`  ${table.padEnd(10)} inserted ${c.inserted}, updated ${c.updated}, deleted ${c.deleted}, unchanged ${c.unchanged}, rejected ${c.rejected}`)
  }
  console.log(`  findings: ${run.errorCount} errors, ${run.warningCount} warnings${rules.length ? '; most common:' : ''}`)
  for (const r of rules) console.log(`    ${r.severity.padEnd(7)} ${r.rule.padEnd(16)} ${r.n}`)
  if (run.message) console.log(`  ${run.message}`)
  process.exitCode = run.status === 'succeeded' ? 0 : 1
} finally {
  await handle.close()
}
