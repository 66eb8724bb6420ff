import { sql, type Kysely, type Selectable } from 'kysely'
import type { Database } from '../../db/database.ts'
import type { AuthoritiesTable } from '../../db/tables/platform.ts'
import type { Authority, AuthorityBody } from './schemas.ts'

const toAuthority = (row: Selectable<AuthoritiesTable>): Authority => ({
  la: row.la,
  name: row.name,
  populationUnder18: row.populationUnder18,
  dataVersion: Number(row.dataVersion),
  updatedAt: row.updatedAt.toISOString(),
})

/** Authorities, limited to the codes given unless that list holds '*'. */
export async function listAuthorities(db: Kysely<Database>, allowed: Set<string>): Promise<Authority[]> {
  let q = db.selectFrom('authorities').selectAll().orderBy('la')
  if (!allowed.has('*')) q = q.where('la', 'in', [...allowed, '---'])
  return (await q.execute()).map(toAuthority)
}

/** Creates or updates an authority; says which. */
export async function upsertAuthority(db: Kysely<Database>, la: string, body: AuthorityBody): Promise<{ authority: Authority; created: boolean }> {
  const row = await db
    .insertInto('authorities')
    .values({ la, name: body.name, populationUnder18: body.populationUnder18 ?? null, updatedAt: sql`now()` })
    .onConflict((oc) =>
      oc.column('la').doUpdateSet({
        name: body.name,
        ...(body.populationUnder18 !== undefined ? { populationUnder18: body.populationUnder18 } : {}),
        updatedAt: sql`now()`,
      }),
    )
    .returningAll()
    .returning(sql<boolean>`xmax = 0`.as('created'))
    .executeTakeFirstOrThrow()
  return { authority: toAuthority(row), created: row.created }
}
