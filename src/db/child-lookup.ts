import { sql, type Kysely } from 'kysely'
import type { Database } from './database.ts'

/**
 * Partners find a child by the council's child id, or by NHS number (health trust) or UPN (virtual
 * school). A whole batch of identifiers is resolved with one query; the identifiers come checked and
 * normalised (src/modules/partner-records/identifiers.ts).
 */

export type IdentifierField = 'childId' | 'nhsNumber' | 'upn'
export const IDENTIFIER_FIELDS: readonly IdentifierField[] = ['childId', 'nhsNumber', 'upn']
const LABELS: Record<IdentifierField, string> = { childId: 'child id', nhsNumber: 'NHS number', upn: 'UPN' }

/** Identifiers as stored: NHS number digits only, UPN upper case; null when not given. */
export interface ChildIdentifiers {
  childId: string | null
  nhsNumber: string | null
  upn: string | null
}

export interface KnownChild {
  childId: string
  dateOfBirth: string
  nhsNumber: string | null
  upn: string | null
  /** Start of the first time in care (domain doc 5b: short breaks never count); null when never looked after. */
  firstLookedAfter: string | null
  /** The child's times in care (domain doc 5b: periods of care less V3/V4 short breaks), [start, end or null while open]. */
  timesInCare: ReadonlyArray<readonly [string, string | null]>
}

export type ChildMatch =
  | { ok: true; child: KnownChild }
  /** none: 422; ambiguous (two children share it): 409; different: two identifiers name two children. */
  | { ok: false; field: IdentifierField; problem: 'missing' | 'none' | 'ambiguous' | 'different'; message: string }

export interface ChildDirectory {
  /** Every identifier given must name the same one child. */
  resolve(ids: ChildIdentifiers): ChildMatch
}

/**
 * Looks up every child any of these identifiers names, in one query. With `lock`, the children's rows
 * are locked (FOR SHARE) until the transaction ends, so none can be deleted under a write that
 * refers to it.
 */
export async function lookupChildren(
  db: Kysely<Database>,
  la: string,
  wanted: readonly ChildIdentifiers[],
  options: { lock?: boolean } = {},
): Promise<ChildDirectory> {
  const distinct = (f: IdentifierField) => [...new Set(wanted.map((w) => w[f]).filter((v): v is string => v !== null))]
  const [childIds, nhsNumbers, upns] = IDENTIFIER_FIELDS.map(distinct) as [string[], string[], string[]]
  const rows =
    childIds.length + nhsNumbers.length + upns.length === 0
      ? []
      : (
          await sql<KnownChild>`
            select c.child_id, c.date_of_birth, c.nhs_number, c.upn,
              (select min(e.care_start) from episodes e where e.la = c.la and e.child_id = c.child_id) as first_looked_after,
              -- Each episode carries its time in care (derived on write): one pair per time in care.
              (select coalesce(jsonb_agg(jsonb_build_array(t.care_start, t.care_end) order by t.care_start), '[]'::jsonb)
                from (select distinct e.care_start, e.care_end from episodes e
                  where e.la = c.la and e.child_id = c.child_id and e.care_start is not null) t) as times_in_care
            from children c
            where c.la = ${la}
              and (c.child_id = any(${childIds}::text[]) or c.nhs_number = any(${nhsNumbers}::text[]) or c.upn = any(${upns}::text[]))
            ${options.lock ? sql`for share of c` : sql``}`.execute(db)
        ).rows

  const index: Record<IdentifierField, Map<string, KnownChild[]>> = { childId: new Map(), nhsNumber: new Map(), upn: new Map() }
  for (const row of rows) {
    for (const f of IDENTIFIER_FIELDS) {
      const v = row[f]
      if (v === null) continue
      const list = index[f].get(v)
      if (list) list.push(row)
      else index[f].set(v, [row])
    }
  }

  return {
    resolve(ids) {
      let found: { child: KnownChild; field: IdentifierField } | null = null
      for (const field of IDENTIFIER_FIELDS) {
        const value = ids[field]
        if (value === null) continue
        const matches = index[field].get(value) ?? []
        const label = LABELS[field]
        if (matches.length === 0) return { ok: false, field, problem: 'none', message: `no child in this authority has this ${label}` }
        if (matches.length > 1) {
          return { ok: false, field, problem: 'ambiguous', message: `more than one child in this authority has this ${label}; send childId instead` }
        }
        const child = matches[0] as KnownChild
        if (found && found.child.childId !== child.childId) {
          return { ok: false, field, problem: 'different', message: `names a different child from ${found.field}` }
        }
        found = { child, field }
      }
      if (!found) return { ok: false, field: 'childId', problem: 'missing', message: 'give the child: childId, nhsNumber or upn' }
      return { ok: true, child: found.child }
    },
  }
}

/** Whether the authority has this child: a per-child read's 404. */
export async function childExists(db: Kysely<Database>, la: string, childId: string): Promise<boolean> {
  const row = await db.selectFrom('children').select('childId').where('la', '=', la).where('childId', '=', childId).executeTakeFirst()
  return row !== undefined
}
