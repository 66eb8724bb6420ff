/**
 * npm run demo -- [--la 372] [--name Rotherham] [--seed 1] [--scale 1] [--years 10] [--end-date 2026-03-31]
 *
 * Loads a synthetic authority (scripts/demo/generator: care histories that obey the 903 rules, with health
 * checks, SDQs and care leavers) into DATABASE_URL, or the embedded database in DATA_DIR, through the
 * service's own API: the snapshot import for children and episodes, the partner endpoints for the
 * rest. A loader key is made for the run and revoked at the end. Deterministic for a seed; running it
 * again with the same options changes nothing.
 */
import { parseArgs } from 'node:util'
import pino from 'pino'
import { buildApp } from '../src/app.ts'
import { loadConfig } from '../src/config.ts'
import { openDatabase } from '../src/db/connect.ts'
import { migrateToLatest } from '../src/db/migrate.ts'
import { demoApiRecords, generateAuthority } from './demo/generator/index.ts'
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

const config = loadConfig()
const handle = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir })
const started = performance.now()
try {
  await migrateToLatest(handle.db)
  const { db } = handle
  const app = await buildApp({
    config: { ...config, rateLimitPerMinute: 1_000_000, importBodyLimit: 1 << 30 },
    db,
    databaseKind: handle.kind,
    logger: pino({ level: 'warn' }),
    docsUi: false,
  })
  await app.ready()
  const loader = await createApiClient(db, {
    name: `demo loader ${new Date().toISOString()}`,
    scopes: ['admin', 'records:write', 'health:write', 'leaving-care:write'],
    authorities: [la],
  })
  const call = async (method: 'PUT' | 'POST', url: string, payload: object) => {
    const res = await app.inject({ method, url, payload, headers: { authorization: `Bearer ${loader.key}` } })
    if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body.slice(0, 500)}`)
    return res.json<Record<string, unknown>>()
  }
  try {
    const demo = generateAuthority({
      la,
      seed: values.seed ?? '1',
      scale: Number(values.scale),
      years: Number(values.years),
      endDate: values['end-date'] ?? '2026-03-31',
    })
    await call('PUT', `/v1/authorities/${la}`, { name: values.name ?? `Demo authority ${la}` })
    const records = demoApiRecords(demo)
    const run = await call('POST', `/v1/authorities/${la}/imports`, { children: records.children })
    console.log(`children and episodes: ${JSON.stringify(run.counts)}`)

    async function post(path: string, records: object[]) {
      const tally: Record<string, number> = {}
      for (let i = 0; i < records.length; i += 1000) {
        const res = await call('POST', `/v1/authorities/${la}/${path}`, { records: records.slice(i, i + 1000) })
        for (const r of res.results as Array<{ status: string }>) tally[r.status] = (tally[r.status] ?? 0) + 1
      }
      console.log(`${path}: ${records.length} records ${JSON.stringify(tally)}`)
    }
    await post('health-checks', records.healthChecks)
    await post('sdq', records.sdqReturns)
    await post('care-leavers', records.careLeavers)
    await post('personal-advisers', records.personalAdvisers)
    await post('pathway-plans', records.pathwayPlans)
    await post('care-leaver-contacts', records.careLeaverContacts)
  } finally {
    await revokeApiClient(db, loader.client.id)
    await app.close()
  }
  console.log(`loaded authority ${la} in ${((performance.now() - started) / 1000).toFixed(1)} s (${handle.kind})`)
  console.log('Create a key to look at it: npm run create-client -- --name "Me" --scopes kpi:read,child:read,records:read --authorities ' + la)
} finally {
  await handle.close()
}
