import { sql, type Kysely, type Selectable } from 'kysely'
import type { Database } from '../../db/database.ts'
import type { AuthoritiesTable } from '../../db/tables/platform.ts'
import type { Authority, AuthorityBody, PopulationEstimate } from './schemas.ts'

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

/** An authority's child population estimates, oldest first; null when there is no such authority. */
export async function listPopulations(db: Kysely<Database>, la: string): Promise<PopulationEstimate[] | null> {
  const [authority, rows] = await Promise.all([
    db.selectFrom('authorities').select('la').where('la', '=', la).executeTakeFirst(),
    db.selectFrom('child_populations').select(['year', 'population', 'source']).where('la', '=', la).orderBy('year').execute(),
  ])
  return authority ? rows : null
}

/** Replaces an authority's estimates with these (the authority exists: the caller checked). */
export async function replacePopulations(db: Kysely<Database>, la: string, items: readonly PopulationEstimate[]): Promise<void> {
  await db.deleteFrom('child_populations').where('la', '=', la).execute()
  if (items.length === 0) return
  await db
    .insertInto('child_populations')
    .values(items.map((i) => ({ la, year: i.year, population: i.population, source: i.source ?? null })))
    .execute()
}
