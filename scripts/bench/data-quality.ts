/**
 * npm run bench:data-quality — the DfE rules on the stored data of a demo authority (issue #17).
 *
 * One generated authority (BENCH_SCALE, default 3.5: about 5,000 children over 10 years) is imported
 * whole as the 903 CSV set (every table, its full history), then for the year BENCH_YEAR (default
 * 2025, 2024-25):
 *
 * - GET .../data-quality?year= with nothing stored (the first computation: load, rules, insert all);
 * - the same read again (fresh: the stored findings read back);
 * - after the data version moves with no change (recomputed, nothing written but the state);
 * - beside it, the same year's export (GET .../exports/ssda903) sent to POST .../returns/ssda903/validate;
 * - the parts of a recomputation in process: the export's query, its CSV read back, the rules.
 *
 * Each is the median of BENCH_RUNS (default 5). Runs against BENCH_DATABASE_URL (default: the local
 * test server), in a schema of its own, through app.inject (no network).
 */
import { sql } from 'kysely'
import { scriptApp } from '../script-app.ts'
import { createApiClient } from '../../src/modules/clients/queries.ts'
import { storedReturn } from '../../src/modules/imports/stored-return.ts'
import { exportedReturn, keyedValidation } from '../../src/domain/dfe-rules/stored.ts'
import { generateAuthority } from '../demo/generator/index.ts'
import { sourceChildren, sourceFiles } from '../ssda903-validator/source.ts'
import { benchDatabase } from './db.ts'
import { median, multipartFiles, timed } from './measure.ts'

const SCALE = Number(process.env.BENCH_SCALE ?? 3.5)
const YEAR = Number(process.env.BENCH_YEAR ?? 2025)
const RUNS = Number(process.env.BENCH_RUNS ?? 5)
const LA = '372'

const handle = await benchDatabase(5)
const { db } = handle
const app = await scriptApp(db, {
  config: { importBodyLimit: 256 << 20 },
  webhooks: false,
})
await app.ready()
await db.insertInto('authorities').values({ la: LA, name: 'Bench', updatedAt: new Date() }).execute()
const { key } = await createApiClient(db, { name: 'bench', scopes: ['records:write', 'records:read'], authorities: ['*'] })
const authorization = `Bearer ${key}`

const multipart = (files: Record<string, string>) => multipartFiles(files, authorization)
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`

async function get(url: string) {
  const res = await app.inject({ method: 'GET', url, headers: { authorization } })
  if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body.slice(0, 300)}`)
  return res
}
const dataQuality = () => get(`/v1/authorities/${LA}/data-quality?year=${YEAR}&limit=1`)
const forget = async () => {
  await db.deleteFrom('data_quality_findings').execute()
  await db.deleteFrom('data_quality_state').execute()
}
const moveVersion = () => sql`update authorities set data_version = data_version + 1 where la = ${LA}`.execute(db)

try {
  const demo = generateAuthority({ la: LA, seed: 17, scale: SCALE, endDate: '2026-03-31' })
  const files = sourceFiles(sourceChildren(demo.children, 17, '2026-03-31'), null)
  const imported = await timed(async () => app.inject({ method: 'POST', url: `/v1/authorities/${LA}/imports/ssda903`, ...(await multipart(files)) }))
  if (imported.value.statusCode !== 201) throw new Error(`import: ${imported.value.statusCode} ${imported.value.body.slice(0, 500)}`)
  const run = imported.value.json<{ counts: Record<string, { inserted: number }> }>()
  // The refresh of the latest year runs after the import's answer; a read waits for it.
  const refreshed = await timed(dataQuality)
  console.log(
    `authority: ${run.counts['children']?.inserted} children, ${run.counts['episodes']?.inserted} episodes stored; imported in ${s(imported.ms)}, its data-quality refresh (after the answer) waited for by a read ${s(refreshed.ms)}`,
  )

  const first: number[] = []
  const fresh: number[] = []
  const recomputed: number[] = []
  let answer = { findingCount: 0, rules: [] as unknown[] }
  for (let i = 0; i < RUNS; i++) {
    await forget()
    const a = await timed(dataQuality)
    first.push(a.ms)
    answer = a.value.json()
    fresh.push((await timed(dataQuality)).ms)
    await moveVersion()
    recomputed.push((await timed(dataQuality)).ms)
  }

  const exported = await get(`/v1/authorities/${LA}/exports/ssda903?year=${YEAR}`)
  const exportFiles = exported.json<{ files: Record<string, string> }>().files
  const rows = Object.fromEntries(Object.entries(exportFiles).map(([name, text]) => [name, text.split('\r\n').length - 2]))
  const validate: number[] = []
  for (let i = 0; i < RUNS; i++) {
    const body = await multipart(exportFiles)
    const v = await timed(() => app.inject({ method: 'POST', url: `/v1/authorities/${LA}/returns/ssda903/validate?year=${YEAR}&limit=1`, ...body }))
    if (v.value.statusCode !== 200) throw new Error(`validate: ${v.value.statusCode}`)
    validate.push(v.ms)
  }

  const load: number[] = []
  const read: number[] = []
  const rules: number[] = []
  for (let i = 0; i < RUNS; i++) {
    const children = await timed(() => storedReturn(db, LA, YEAR))
    const tables = await timed(async () => exportedReturn(children.value, YEAR))
    const checked = await timed(async () => keyedValidation(tables.value, YEAR))
    load.push(children.ms)
    read.push(tables.ms)
    rules.push(checked.ms)
  }

  console.log(
    `the ${YEAR} return: ${rows['header.csv']} children, ${rows['episodes.csv']} episodes, ${rows['reviews.csv']} reviews, ${rows['sw_episodes.csv']} social worker episodes; ${answer.findingCount} findings`,
  )
  console.log(`median of ${RUNS}:`)
  console.log(`  GET data-quality, nothing stored (compute and insert every finding)  ${s(median(first))}`)
  console.log(`  GET data-quality, fresh (stored findings, a page of 1 and every rule's counts)  ${s(median(fresh))}`)
  console.log(`  GET data-quality after the data version moved (recompute, nothing to write)  ${s(median(recomputed))}`)
  console.log(`  POST validate on the export's files  ${s(median(validate))}`)
  console.log(`  in process: the export's query ${s(median(load))}, its CSV built and read back ${s(median(read))}, the rules ${s(median(rules))}`)
} finally {
  await app.close()
  await handle.close()
}
