/** Rules across tables: rows that need (or must not have) rows of the same child elsewhere. */
import type { TableName } from '../../ssda903/tables.ts'
import { addYears } from '../dates.ts'
import { ADOPTION_FIELDS } from './ad1.ts'
import { OC2_ITEMS } from './oc2.ts'
import { anyOc3 } from './oc3.ts'
import { codes, continuouslyLookedAfter, isIn, rowAt, rowsOrNone, rule, uascChildren, where } from '../shared.ts'
import type { DfeRule, Flags, Row } from '../types.ts'

const given = (r: Row, c: string): boolean => (r[c] ?? null) !== null

export const crossRules: DfeRule[] = [
  rule({
    code: '634',
    message: 'There are entries for previous permanence options, but child has not started to be looked after from 1 April 2016 onwards.',
    tables: ['Episodes', 'PrevPerm'],
    fields: ['LA_PERM', 'PREV_PERM', 'DATE_PERM', 'DECOM'],
    check: (ctx) => {
      if (!ctx.has('Episodes', 'PrevPerm')) return {}
      const decom = ctx.dates('Episodes', 'DECOM')
      const eps = ctx.byChild('Episodes')
      const episodes: number[] = []
      const prev = where(ctx, 'PrevPerm', (r) => {
        if (!given(r, 'PREV_PERM') && !given(r, 'DATE_PERM') && !given(r, 'LA_PERM')) return false
        const list = eps.get(r['CHILD'] ?? '')
        if (list === undefined) return false
        // The latest start of the child's episodes, as the validator compares it.
        let last = NaN
        for (const i of list) {
          const d = decom[i] as number
          if (!Number.isNaN(d) && (Number.isNaN(last) || d > last)) last = d
        }
        if (!(last < ctx.start)) return false
        episodes.push(...list)
        return true
      })
      return { ...prev, Episodes: episodes }
    },
  }),
  rule({
    code: '1012',
    message: 'No other data should be returned for OC3 children who had no episodes in the current year',
    tables: ['Episodes'],
    fields: ['CHILD'],
    check: (ctx) => {
      if (!ctx.has('Episodes')) return {}
      const eps = ctx.byChild('Episodes')
      const out: Flags = {}
      for (const t of ['PlacedAdoption', 'Missing', 'Reviews', 'AD1', 'PrevPerm', 'OC2'] as TableName[]) {
        Object.assign(
          out,
          where(ctx, t, (r) => !eps.has(r['CHILD'] ?? '')),
        )
      }
      return out
    },
  }),
  rule({
    code: '399',
    message: 'Mother field, review field or participation field are completed but child is looked after under legal status V3 or V4.',
    tables: ['Episodes', 'Header', 'Reviews'],
    fields: ['MOTHER', 'LS', 'REVIEW', 'REVIEW_CODE'],
    check: (ctx) => {
      if (!ctx.has('Episodes', 'Header', 'Reviews')) return {}
      const rows = ctx.rows('Episodes')
      const v = codes('V3', 'V4')
      const episodes: number[] = []
      const header: number[] = []
      const reviews: number[] = []
      // Only children all of whose episodes are V3/V4 (short breaks alone).
      for (const [child, list] of ctx.byChild('Episodes')) {
        if (!list.every((i) => isIn(rows[i]?.['LS'] ?? null, v))) continue
        let any = false
        for (const h of rowsOrNone(ctx, 'Header', child)) {
          const mother = given(rowAt(ctx, 'Header', h), 'MOTHER')
          for (const rv of rowsOrNone(ctx, 'Reviews', child)) {
            const rr = rowAt(ctx, 'Reviews', rv)
            if (!(mother || given(rr, 'REVIEW') || given(rr, 'REVIEW_CODE'))) continue
            any = true
            if (h >= 0) header.push(h)
            if (rv >= 0) reviews.push(rv)
          }
        }
        if (any) episodes.push(...list)
      }
      return { Episodes: episodes, Header: header, Reviews: reviews }
    },
  }),
  rule({
    code: '215',
    message: 'Child has care leaver information but one or more data items relating to children looked after for 12 months have been completed.',
    tables: ['OC2', 'OC3'],
    fields: ['IN_TOUCH', 'ACTIV', 'ACCOM', ...OC2_ITEMS],
    check: (ctx) => {
      if (!ctx.has('OC3', 'OC2')) return {}
      const oc3: number[] = []
      const oc2: number[] = []
      const rows = ctx.rows('OC3')
      for (let i = 0; i < rows.length; i++) {
        const r = rows[i] as Row
        if (!anyOc3(r)) continue
        for (const o of rowsOrNone(ctx, 'OC2', r['CHILD'] ?? null)) {
          if (o < 0 || !OC2_ITEMS.some((c) => given(rowAt(ctx, 'OC2', o), c))) continue
          oc3.push(i)
          oc2.push(o)
        }
      }
      return { OC3: oc3, OC2: oc2 }
    },
  }),
  rule({
    code: '187',
    message: 'Child cannot be looked after continuously for 12 months at 31 March (OC2) and have any of adoption or care leavers returns completed.',
    tables: ['OC3', 'AD1', 'Episodes'],
    fields: [...ADOPTION_FIELDS, 'IN_TOUCH', 'ACTIV', 'ACCOM'],
    check: (ctx) => {
      if (!ctx.has('OC3', 'AD1', 'Episodes')) return {}
      const cla = continuouslyLookedAfter(ctx)
      return {
        ...where(ctx, 'OC3', (r) => cla.has(r['CHILD'] ?? '') && anyOc3(r)),
        ...where(ctx, 'AD1', (r) => cla.has(r['CHILD'] ?? '') && ADOPTION_FIELDS.some((c) => given(r, c))),
      }
    },
  }),
]

crossRules.push(
  rule({
    code: '104',
    message: 'Date for Unaccompanied Asylum-Seeking Children (UASC) status ceased is not a valid date.',
    tables: ['UASC'],
    fields: ['DUC'],
    check: (ctx) => {
      const duc = ctx.dates('UASC', 'DUC')
      return where(ctx, 'UASC', (r, i) => (Number.isNaN(duc[i]) && (r['DUC'] ?? null) !== null) || (duc[i] as number) < ctx.start)
    },
  }),
)

crossRules.push(
  rule({
    code: '304',
    message: 'Date unaccompanied asylum-seeking child (UASC) status ceased must be on or before the 18th birthday of a child.',
    tables: ['UASC'],
    fields: ['DUC'],
    check: (ctx) => {
      const duc = ctx.dates('UASC', 'DUC')
      const dob = ctx.dates('UASC', 'DOB')
      return where(ctx, 'UASC', (_r, i) => (duc[i] as number) > addYears(dob[i] as number, 18))
    },
  }),
  rule({
    code: '331',
    message: 'Date of matching child and adopter(s) should be the same as, or prior to, the date of placement of adoption.',
    tables: ['AD1', 'Episodes'],
    fields: ['DATE_MATCH', 'DECOM', 'REC'],
    check: (ctx) => {
      if (!ctx.has('AD1', 'Episodes')) return {}
      const decom = ctx.dates('Episodes', 'DECOM')
      const match = ctx.dates('AD1', 'DATE_MATCH')
      const ad1: number[] = []
      // An episode ending in adoption that starts before the child was matched with the adopters.
      const episodes = where(ctx, 'Episodes', (r, i) => {
        if (!isIn(r['REC'] ?? null, codes('E11', 'E12'))) return false
        const hits = (ctx.byChild('AD1').get(r['CHILD'] ?? '') ?? []).filter((a) => (match[a] as number) > (decom[i] as number))
        ad1.push(...hits)
        return hits.length > 0
      })
      return { ...episodes, AD1: ad1 }
    },
  }),
  rule({
    code: '333',
    message: 'Date should be placed for adoption must be on or prior to the date of matching child with adopter(s).',
    tables: ['AD1'],
    fields: ['DATE_INT'],
    check: (ctx) => {
      const match = ctx.dates('AD1', 'DATE_MATCH')
      const int = ctx.dates('AD1', 'DATE_INT')
      return where(ctx, 'AD1', (_r, i) => {
        const m = match[i] as number
        const d = int[i] as number
        return !Number.isNaN(m) && (Number.isNaN(d) || d > m)
      })
    },
  }),
)

crossRules.push(
  rule({
    code: '303',
    message: 'If date Unaccompanied Asylum-Seeking Child (UASC) status ceased is not null, UASC status must be coded 1.',
    tables: ['UASC', 'Header'],
    fields: ['DUC', 'UASC'],
    check: (ctx) => {
      if (!ctx.has('UASC', 'Header')) return {}
      // The header's UASC flag (uascChildren): for the CSV set the validator makes it from the UASC
      // file, so there a DUC never disagrees with it; the XML return carries it.
      const flagged = uascChildren(ctx.tables)
      const uasc: number[] = []
      const header: number[] = []
      // Each header row against each UASC row of its child (a left merge from the header).
      const byChild = ctx.byChild('UASC')
      ctx.rows('Header').forEach((h, i) => {
        const child = h['CHILD'] ?? ''
        if (flagged.has(child)) return
        for (const u of byChild.get(child) ?? []) {
          if (given(ctx.rows('UASC')[u] as Row, 'DUC')) {
            uasc.push(u)
            header.push(i)
          }
        }
      })
      return { UASC: uasc, Header: header }
    },
  }),
)

crossRules.push(
  rule({
    code: '359',
    message: 'Child being looked after following 18th birthday must be accommodated under section 20(5) of the Children Act 1989 in a community home.',
    tables: ['Header', 'Episodes'],
    fields: ['DEC', 'LS', 'PLACE'],
    check: (ctx) => {
      if (!ctx.has('Header', 'Episodes')) return {}
      const dob = ctx.dates('Header', 'DOB')
      const headers = ctx.byChild('Header')
      // An open episode (DEC blank as given) of a child 18 before 31 March, other than V2 in K2.
      return where(ctx, 'Episodes', (r) => {
        if (given(r, 'DEC') || (r['LS'] === 'V2' && r['PLACE'] === 'K2')) return false
        return (headers.get(r['CHILD'] ?? '') ?? []).some((h) => addYears(dob[h] as number, 18) < ctx.end)
      })
    },
  }),
)
