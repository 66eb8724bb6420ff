import { sql, type Kysely } from 'kysely'
import type { Database } from '../../db/database.ts'
import type { Oc2ServiceFacts, SubstanceMisuseInYear } from '../../domain/imports/return-facts.ts'

/**
 * What the youth justice service and the health trust posted for OC2's 12 months (after yearAgo, up to
 * asAt), by child, and whether each has posted anything for the authority at all (which makes a child
 * with nothing in the year a 0 rather than a blank: return-facts.ts). Three statements, each on one
 * table, as returnFacts reads the others (queries.ts says why).
 */
export async function oc2ServiceFacts(db: Kysely<Database>, la: string, yearAgo: string, asAt: string): Promise<Oc2ServiceFacts> {
  const { rows: reported } = await sql<{ convictions: boolean; substanceMisuse: boolean }>`
    select exists (select 1 from youth_justice_convictions where la = ${la}) as convictions,
      exists (select 1 from substance_misuse where la = ${la}) as substance_misuse`.execute(db)
  const { rows: convicted } = await sql<{ childId: string }>`
    select distinct child_id from youth_justice_convictions
    where la = ${la} and convicted_on > ${yearAgo} and convicted_on <= ${asAt}`.execute(db)
  // An intervention is never before its problem was identified (0025's checks), so one on or before
  // asAt of a problem identified in the 12 months is in them too.
  const { rows: misuse } = await sql<{ childId: string } & Omit<SubstanceMisuseInYear, 'identified'>>`
    select child_id,
      coalesce(bool_or(intervention_received_on <= ${asAt}), false) as received,
      coalesce(bool_or(intervention_refused_on <= ${asAt}), false) as refused
    from substance_misuse where la = ${la} and identified_on > ${yearAgo} and identified_on <= ${asAt}
    group by child_id`.execute(db)
  const { convictions, substanceMisuse } = reported[0] ?? { convictions: false, substanceMisuse: false }
  return {
    convictionsReported: convictions,
    substanceMisuseReported: substanceMisuse,
    convicted: new Set(convicted.map((r) => r.childId)),
    substanceMisuse: new Map(misuse.map(({ childId, received, refused }) => [childId, { identified: true, received, refused }])),
  }
}
