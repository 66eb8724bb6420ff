/**
 * npm run create-client -- --name "First admin" --scopes admin,kpi:read --authorities 372 [--suppress-small-numbers]
 * Creates an API client in DATABASE_URL (or the embedded database in DATA_DIR) and prints its key once.
 */
import { parseArgs } from 'node:util'
import { loadConfig } from '../src/config.ts'
import { openDatabase } from '../src/db/connect.ts'
import { migrateToLatest } from '../src/db/migrate.ts'
import { isScope, SCOPE_NAMES, type Scope } from '../src/domain/auth/scopes.ts'
import { createApiClient } from '../src/modules/clients/queries.ts'

const { values } = parseArgs({
  options: {
    name: { type: 'string' },
    scopes: { type: 'string' },
    authorities: { type: 'string' },
    'suppress-small-numbers': { type: 'boolean', default: false },
  },
})

const fail = (message: string): never => {
  process.stderr.write(`${message}\nscopes: ${SCOPE_NAMES.join(', ')}\n`)
  process.exit(2)
}
const name = values.name ?? fail('--name is required')
const scopes = (values.scopes ?? fail('--scopes is required')).split(',').map((s) => s.trim())
const bad = scopes.filter((s) => !isScope(s))
if (bad.length) fail(`unknown scope(s): ${bad.join(', ')}`)
const authorities = (values.authorities ?? fail('--authorities is required (codes like 372, or "*")')).split(',').map((s) => s.trim())
if (authorities.some((a) => a !== '*' && !/^\d{3}$/.test(a))) fail('--authorities must be three-digit codes or "*"')

const config = loadConfig()
const handle = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir })
try {
  await migrateToLatest(handle.db)
  const { client, key } = await createApiClient(handle.db, {
    name,
    scopes: scopes as Scope[],
    authorities,
    suppressSmallNumbers: values['suppress-small-numbers'],
  })
  process.stdout.write(
    `Created client ${client.id} (${client.name}) with scopes ${client.scopes.join(', ')} for ${client.authorities.join(', ')}.\n` +
      `Its key, shown this once:\n\n  ${key}\n\nSend it as: Authorization: Bearer <key>\n`,
  )
} finally {
  await handle.close()
}
