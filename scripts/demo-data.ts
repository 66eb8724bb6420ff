/**
 * npm run demo -- [--la 372] [--name Rotherham] [--seed 1] [--scale 1] [--years 10] [--end-date 2026-03-31]
 *
 * Loads a synthetic authority (scripts/demo/generator: care histories that obey the 903 rules, with health
 * checks, SDQs and care leavers) through the service's own API: the snapshot import for children and
 * episodes, the partner endpoints for the rest. Deterministic for a seed; running it again with the
 * same options changes nothing.
 *
 * When the service answers on PORT, the demo loads through it over HTTP with an admin key (API_KEY, or
 * the first admin key's file), so the service need not stop. Otherwise it opens DATABASE_URL (or the
 * embedded database in DATA_DIR) itself, with a loader key made for the run and revoked at the end.
 */
import { existsSync, readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { scriptApp } from './script-app.ts'
import { loadConfig, type Config } from '../src/config.ts'
import { openDatabase } from '../src/db/connect.ts'
import { migrateToLatest } from '../src/db/migrate.ts'
import { demoApiRecords, demoEducationRecords, generateAuthority } from './demo/generator/index.ts'
import { createApiClient, revokeApiClient } from '../src/modules/clients/queries.ts'

const { values } = parseArgs({
  options: {
    la: { type: 'string', default: '372' },
    name: { type: 'string' },
    seed: { type: 'string', default: '1' },
    scale: { type: 'string', default: '1' },
    years: { type: 'string', default: '10' },
    'end-date': { type: 'string', default: '2026-03-31' },
  },
})
const la = values.la ?? '372'
if (!/^\d{3}$/.test(la)) {
  process.stderr.write('--la must be a three-digit DfE code\n')
  process.exit(2)
}

/** One API call: the answer's JSON, or an error naming the call and its status. */
type Call = (method: 'PUT' | 'POST', url: string, payload: object) => Promise<Record<string, unknown>>

const failed = (method: string, url: string, status: number, body: string) => new Error(`${method} ${url}: ${status} ${body.slice(0, 500)}`)

async function load(call: Call): Promise<void> {
  const demo = generateAuthority({
    la,
    seed: values.seed ?? '1',
    scale: Number(values.scale),
    years: Number(values.years),
    endDate: values['end-date'] ?? '2026-03-31',
  })
  await call('PUT', `/v1/authorities/${la}`, { name: values.name ?? `Demo authority ${la}` })
  const records = demoApiRecords(demo)
  // The demo is a whole snapshot each time: a smaller scale than the last run's is a deliberate shrink.
  const run = await call('POST', `/v1/authorities/${la}/imports?allowShrink=true`, { children: records.children })
  console.log(`children and episodes: ${JSON.stringify(run.counts)}`)

  async function post(path: string, list: object[]) {
    const tally: Record<string, number> = {}
    for (let i = 0; i < list.length; i += 1000) {
      const res = await call('POST', `/v1/authorities/${la}/${path}`, { records: list.slice(i, i + 1000) })
      for (const r of res.results as Array<{ status: string }>) tally[r.status] = (tally[r.status] ?? 0) + 1
    }
    console.log(`${path}: ${list.length} records ${JSON.stringify(tally)}`)
  }
  await post('health-checks', records.healthChecks)
  await post('sdq', records.sdqReturns)
  await post('care-leavers', records.careLeavers)
  await post('personal-advisers', records.personalAdvisers)
  await post('pathway-plans', records.pathwayPlans)
  await post('care-leaver-contacts', records.careLeaverContacts)
  // The mental health and advocacy services' records, and the integration's return home interviews (5c).
  await post('camhs/referrals', demo.camhsReferrals)
  await post('advocacy/referrals', demo.advocacyReferrals)
  await post('advocacy/issues', demo.advocacyIssues)
  await post('missing/return-interviews', demo.returnInterviews)
  const education = demoEducationRecords(demo)
  await post('education/peps', education.peps)
  await post('education/attendance', education.attendance)
  await post('education/exclusions', education.exclusions)
  await post('education/attainment', education.attainment)
}

/** The base URL of a service answering on PORT on this machine, or null when none does. */
async function runningService(config: Config): Promise<string | null> {
  const base = `http://127.0.0.1:${config.port}`
  try {
    const res = await fetch(`${base}/health/live`, { signal: AbortSignal.timeout(2000) })
    return res.ok ? base : null
  } catch {
    return null
  }
}

/** Through the running service: its HTTP API with an admin key. */
async function overHttp(config: Config, base: string): Promise<void> {
  const file = config.firstAdminKeyFile
  const key = process.env.API_KEY ?? (file && existsSync(file) ? readFileSync(file, 'utf8').trim() : null)
  if (!key) {
    process.stderr.write(
      `A service answers on ${base}: give the demo an admin key in API_KEY` + (file ? ` (the first admin key's file, ${file}, is not there)` : '') + '.\n',
    )
    process.exit(2)
  }
  await load(async (method, url, payload) => {
    const res = await fetch(`${base}${url}`, {
      method,
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify(payload),
    })
    const body = await res.text()
    if (res.status >= 300) throw failed(method, url, res.status, body)
    return JSON.parse(body) as Record<string, unknown>
  })
  console.log(`loaded authority ${la} through the running service at ${base}`)
}

/** No service running: the database opened here, the app in-process, a loader key for the run. */
async function inProcess(config: Config): Promise<void> {
  const handle = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir })
  try {
    await migrateToLatest(handle.db)
    const { db } = handle
    const app = await scriptApp(db, {
      config: { ...config, rateLimitPerMinute: 1_000_000, importBodyLimit: 1 << 30, logLevel: 'warn' },
      databaseKind: handle.kind,
    })
    await app.ready()
    const loader = await createApiClient(db, {
      name: `demo loader ${new Date().toISOString()}`,
      scopes: ['admin', 'records:write', 'health:write', 'leaving-care:write', 'mental-health:write', 'advocacy:write', 'education:write'],
      authorities: [la],
    })
    try {
      await load(async (method, url, payload) => {
        const res = await app.inject({ method, url, payload, headers: { authorization: `Bearer ${loader.key}` } })
        if (res.statusCode >= 300) throw failed(method, url, res.statusCode, res.body)
        return res.json<Record<string, unknown>>()
      })
    } finally {
      await revokeApiClient(db, loader.client.id)
      await app.close()
    }
    console.log(`loaded authority ${la} into the ${handle.kind === 'pglite' ? 'embedded database' : 'database'}`)
  } finally {
    await handle.close()
  }
}

const config = loadConfig()
const started = performance.now()
const base = await runningService(config)
if (base) await overHttp(config, base)
else await inProcess(config)
console.log(`in ${((performance.now() - started) / 1000).toFixed(1)} s; see it: GET /v1/authorities/${la}/scorecard`)
