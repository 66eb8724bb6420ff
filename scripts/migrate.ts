/** npm run migrate: applies pending migrations to DATABASE_URL, or to the embedded database in DATA_DIR. */
import { loadConfig } from '../src/config.ts'
import { openDatabase } from '../src/db/connect.ts'
import { migrateToLatest } from '../src/db/migrate.ts'

const config = loadConfig()
const handle = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir })
try {
  const applied = await migrateToLatest(handle.db)
  console.log(`${handle.kind}: ${applied.length ? `applied ${applied.join(', ')}` : 'schema is current'}`)
} finally {
  await handle.close()
}
