import type { Migration } from 'kysely'
import * as m0001 from './0001_platform.ts'
import * as m0002 from './0002_care_history.ts'

/**
 * Every migration, in order. Listed by hand rather than read from the folder so the same list works
 * under tsx, tap and the compiled build. Forward-only: each runs once, in a transaction.
 */
export const migrations: Record<string, Migration> = {
  '0001_platform': m0001,
  '0002_care_history': m0002,
}
