/**
 * npm run compare:903 — the service's 903 export checked by the DfE's own validator.
 *
 * Loads a generated authority (the demo generator, with the other 903 tables made from its episodes:
 * scripts/ssda903-validator/source.ts) into a scratch PostgreSQL schema through the service's own
 * stores and 903 import; the youth justice service's convictions and the health trust's substance
 * misuse are posted through their own routes with their own keys (scripts/ssda903-validator/partners.ts).
 * It exports 2024-25 and 2025-26 as CSV and as the DfE's XML through the export route, runs the DfE's
 * validator (csc-validator-be-903) on each export and on the same source files cut to the year (as
 * they stood on 31 March; their OC2's conviction and substance misuse fields written from the source's
 * own records; for the XML without what the validator cannot read from an XML: social worker
 * episodes, and OC3 rows with IN_TOUCH blank), and prints, per year and format, the rules that flag
 * more rows on the export than on the source, and the other way round; and, per CSV file, the rows of
 * one side the other does not hold, value for value. Run by hand, never in npm test; needs no network.
 *
 * Environment:
 *   DFE_VALIDATOR_DIR   a checkout of data-to-insight/csc-validator-be-903 (the folder holding
 *                       lac_validator/); required
 *   VALIDATOR_PYTHON    a Python 3 with pandas < 2 and numpy < 1.25 (Debian's python3-pandas), default python3
 *   COMPARE_SEED        the generator's seed, default 903; COMPARE_SCALE its scale, default 0.5
 *   BENCH_DATABASE_URL  the PostgreSQL server (or DATABASE_URL, or the local test server); a fresh
 *                       schema is made and dropped
 *   COMPARE_KEEP        a folder to keep the files and the validator's answers in (else a temporary one)
 */
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { scriptApp } from './script-app.ts'
import { createApiClient } from '../src/modules/clients/queries.ts'
import { storeDemoAuthority } from './demo/store.ts'
import { generateAuthority } from './demo/generator/index.ts'
import { benchDatabase } from './bench/db.ts'
import { postPartnerRecords } from './ssda903-validator/partners.ts'
import { oc2Source, sourceChildren, sourceFiles } from './ssda903-validator/source.ts'

const VALIDATOR = process.env.DFE_VALIDATOR_DIR
if (VALIDATOR === undefined || !existsSync(path.join(VALIDATOR, 'lac_validator'))) {
  console.error('Set DFE_VALIDATOR_DIR to a checkout of data-to-insight/csc-validator-be-903 (the folder holding lac_validator/).')
  process.exit(2)
}
const PYTHON = process.env.VALIDATOR_PYTHON ?? 'python3'
const SEED = Number(process.env.COMPARE_SEED ?? 903)
const SCALE = Number(process.env.COMPARE_SCALE ?? 0.5)
const LA = '372'
const LAST_DAY = '2026-03-31'
const YEARS = [2025, 2026]
const RUNNER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'ssda903-validator', 'run.py')
const work = process.env.COMPARE_KEEP ?? mkdtempSync(path.join(os.tmpdir(), 'compare-903-'))

type Flagged = Record<string, Record<string, number[]>>
/** The validator's answer: rows flagged per rule and table, and the children of those rows. */
type Answer = { rules: Flagged; children: Record<string, Record<string, string[]>>; failed: string[] }

function writeSet(dir: string, files: Record<string, string>): void {
  mkdirSync(dir, { recursive: true })
  for (const [name, content] of Object.entries(files)) writeFileSync(path.join(dir, name), content)
}

function validate(dir: string, year: number): Answer {
  const out = `${dir}.json`
  execFileSync(PYTHON, [RUNNER, VALIDATOR as string, dir, String(year), out], { stdio: ['ignore', 'ignore', 'inherit'], maxBuffer: 1 << 26 })
  return JSON.parse(readFileSync(out, 'utf8')) as Answer
}

const count = (t: Record<string, number[]> | undefined) => Object.values(t ?? {}).reduce((n, rows) => n + rows.length, 0)

function multipart(files: Record<string, string>): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----compare903${Date.now().toString(16)}`
  const parts = Object.entries(files).map(
    ([name, content]) => `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="${name}"\r\nContent-Type: text/csv\r\n\r\n${content}\r\n`,
  )
  return { payload: Buffer.from(`${parts.join('')}--${boundary}--\r\n`), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } }
}

const handle = await benchDatabase(4)
const { db } = handle
try {
  const t0 = performance.now()
  const demo = generateAuthority({ la: LA, seed: SEED, scale: SCALE, endDate: LAST_DAY })
  await db.insertInto('authorities').values({ la: LA, name: 'Compare', populationUnder18: 56_000, updatedAt: new Date() }).execute()
  await storeDemoAuthority(db, demo, LAST_DAY)
  const source = sourceChildren(demo.children, SEED, LAST_DAY)
  const app = await scriptApp(db, {
    config: { importBodyLimit: 256 << 20 },
  })
  await app.ready()
  const { key } = await createApiClient(db, { name: 'compare-903', scopes: ['records:write', 'records:read'], authorities: [LA] })
  const headers = { authorization: `Bearer ${key}` }
  // The whole history as the council's system sends it each night. It replaces the demo store's own
  // 903 tables (its missing episodes, say), which the shrink guard would otherwise hold back.
  const { payload, headers: form } = multipart(sourceFiles(source, null))
  const imported = await app.inject({
    method: 'POST',
    url: `/v1/authorities/${LA}/imports/ssda903?allowShrink=true`,
    payload,
    headers: { ...headers, ...form },
  })
  if (imported.statusCode !== 201) throw new Error(`import: ${imported.statusCode} ${imported.body.slice(0, 500)}`)
  const run = imported.json<{ errorCount: number; warningCount: number }>()
  const posted = await postPartnerRecords(app, db, LA, source)
  const episodes = demo.children.reduce((n, c) => n + c.episodes.length, 0)
  console.log(
    `Authority: seed ${SEED}, scale ${SCALE}: ${demo.children.length} children, ${episodes} episodes; import errors ${run.errorCount}, warnings ${run.warningCount}; ` +
      `posted ${posted.convictions} convictions, ${posted.substanceMisuse} substance misuse records (${Math.round((performance.now() - t0) / 1000)} s)`,
  )

  for (const year of YEARS) {
    const res = await app.inject({ method: 'GET', url: `/v1/authorities/${LA}/exports/ssda903?year=${year}`, headers })
    if (res.statusCode !== 200) throw new Error(`export ${year}: ${res.statusCode} ${res.body.slice(0, 300)}`)
    const exported = res.json<{ files: Record<string, string> }>().files
    // The export's OC3 care leavers are the year's too; OC3 and OC2's cohort and health facts are the
    // service's own (the source has none), OC2's conviction and substance misuse fields the source's.
    const leavers = new Set(
      exported['oc3.csv']
        ?.split('\r\n')
        .slice(1)
        .filter((l) => l !== '')
        .map((l) => l.split(',')[0] as string),
    )
    const oc2 = oc2Source(exported['oc2.csv'] ?? '', source, year)
    const cut = sourceFiles(source, year, { oc2, oc3: exported['oc3.csv'], alsoChildren: leavers })
    const exportDir = path.join(work, `export-${year}`)
    const sourceDir = path.join(work, `source-${year}`)
    writeSet(exportDir, exported)
    writeSet(sourceDir, cut)
    const rows = (files: Record<string, string>, name: string) => Math.max(0, (files[name]?.split('\r\n').length ?? 2) - 2)
    console.log(`\n${year - 1}-${String(year % 100).padStart(2, '0')}: rows export / source; rows only on the export / only in the source:`)
    for (const name of Object.keys(cut).sort()) {
      const [onlyExport, onlySource] = unmatched(exported[name] ?? '', cut[name] ?? '')
      console.log(
        `  ${name.padEnd(26)} ${String(rows(exported, name)).padStart(6)} ${String(rows(cut, name)).padStart(6)}   ${String(onlyExport).padStart(5)} ${String(onlySource).padStart(6)}`,
      )
    }
    compare('CSV', validate(exportDir, year), validate(sourceDir, year))

    // The same year as the DfE's XML, against the source without social worker episodes.
    const xml = await app.inject({ method: 'GET', url: `/v1/authorities/${LA}/exports/ssda903?year=${year}&format=xml`, headers })
    if (xml.statusCode !== 200) throw new Error(`export ${year} as XML: ${xml.statusCode} ${xml.body.slice(0, 300)}`)
    const xmlDir = path.join(work, `export-${year}-xml`)
    const sourceNoSwDir = path.join(work, `source-${year}-no-sw`)
    writeSet(xmlDir, { 'ssda903.xml': xml.body })
    writeSet(sourceNoSwDir, {
      ...Object.fromEntries(Object.entries(cut).filter(([name]) => name !== 'sw_episodes.csv')),
      'oc3.csv': readableInXml(cut['oc3.csv'] ?? ''),
    })
    compare('XML', validate(xmlDir, year), validate(sourceNoSwDir, year))
  }
  await roundTrip(app, headers)
  await app.close()
} finally {
  await handle.close()
  if (process.env.COMPARE_KEEP === undefined) rmSync(work, { recursive: true, force: true })
}

/** The full-history export, as CSV and as XML, imported again: the import must find nothing changed. */
async function roundTrip(app: Awaited<ReturnType<typeof scriptApp>>, headers: Record<string, string>): Promise<void> {
  const url = `/v1/authorities/${LA}/exports/ssda903?year=${YEARS.at(-1)}&history=all`
  const files = (await app.inject({ method: 'GET', url, headers })).json<{ files: Record<string, string> }>().files
  const xml = (await app.inject({ method: 'GET', url: `${url}&format=xml`, headers })).body
  const { payload, headers: form } = multipart(files)
  const importUrl = `/v1/authorities/${LA}/imports/ssda903?year=${YEARS.at(-1)}`
  const csv = await app.inject({ method: 'POST', url: importUrl, payload, headers: { ...headers, ...form } })
  const fromXml = await app.inject({ method: 'POST', url: importUrl, payload: xml, headers: { ...headers, 'content-type': 'application/xml' } })
  const changed = (res: typeof csv) =>
    res.statusCode === 201 ? String(res.json<{ changed: boolean }>().changed) : `${res.statusCode} ${res.body.slice(0, 200)}`
  console.log(`\nThe full-history export re-imported: changed ${changed(csv)} (CSV), ${changed(fromXml)} (XML)`)
}

/** The rows of a's CSV text not in b's, and of b's not in a's, as multisets of whole lines. */
function unmatched(a: string, b: string): [number, number] {
  const lines = (text: string) =>
    text
      .split('\r\n')
      .slice(1)
      .filter((l) => l !== '')
  const left = new Map<string, number>()
  for (const l of lines(a)) left.set(l, (left.get(l) ?? 0) + 1)
  let onlyB = 0
  for (const l of lines(b)) {
    const n = left.get(l) ?? 0
    if (n === 0) onlyB++
    else left.set(l, n - 1)
  }
  return [[...left.values()].reduce((x, y) => x + y, 0), onlyB]
}

/**
 * OC3 as the validator can read it from an XML return: it makes an OC3 row of a child only when
 * IN_TOUCH has a value (its reader, ingress.py), so a care leaver whose IN_TOUCH is blank is a header
 * with nothing else there, and the same child in the CSV set an OC3 row of blanks. Either way the
 * validator flags the child: EPI from the XML, 131-133 from the CSV.
 */
function readableInXml(oc3: string): string {
  const [head = '', ...lines] = oc3.split('\r\n').filter((l) => l !== '')
  return [head, ...lines.filter((l) => l.split(',')[2] !== '')].join('\r\n') + '\r\n'
}

/**
 * Prints the rules that flag more (and fewer) rows on an export than on its source, and those that
 * flag a child on the export they do not flag on the source (fewer rows can still hide one).
 */
function compare(format: string, onExport: Answer, onSource: Answer): void {
  const codes = [...new Set([...Object.keys(onExport.rules), ...Object.keys(onSource.rules)])].sort()
  const more = codes.filter((c) => count(onExport.rules[c]) > count(onSource.rules[c]))
  const fewer = codes.filter((c) => count(onExport.rules[c]) < count(onSource.rules[c]))
  const flaggedChildren = (a: Answer, c: string) => Object.entries(a.children[c] ?? {}).flatMap(([table, ids]) => ids.map((id) => `${table} ${id}`))
  const newChildren = codes
    .map((c): [string, number] => {
      const onSourceSide = new Set(flaggedChildren(onSource, c))
      return [c, flaggedChildren(onExport, c).filter((x) => !onSourceSide.has(x)).length]
    })
    .filter(([, n]) => n > 0)
  console.log(
    `  ${format}: rules firing: export ${Object.keys(onExport.rules).length}, source ${Object.keys(onSource.rules).length}; failed to run: ${onExport.failed.join(' ') || 'none'}`,
  )
  const show = (c: string) => `${c} (${count(onExport.rules[c])} / ${count(onSource.rules[c])})`
  console.log(`  more rows flagged on the export (export / source): ${more.map(show).join(', ') || 'none'}`)
  console.log(`  fewer rows flagged on the export: ${fewer.map(show).join(', ') || 'none'}`)
  console.log(`  children flagged on the export only (rule: table and child pairs): ${newChildren.map(([c, n]) => `${c}: ${n}`).join(', ') || 'none'}`)
}
