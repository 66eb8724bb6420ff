/** PlacedAdoption rules: decisions that a child should be placed for adoption, and their reversal. */
import { codes, isIn, rule, where } from '../shared.ts'
import { ADOPTION_FIELDS } from './ad1.ts'
import type { DfeRule } from '../types.ts'

export const placedAdoptionRules: DfeRule[] = [
  rule({
    code: '120',
    message: 'The reason for the reversal of the decision that the child should be placed for adoption code is not valid.',
    tables: ['PlacedAdoption'],
    fields: ['REASON_PLACED_CEASED'],
    check: (ctx) =>
      where(ctx, 'PlacedAdoption', (r) => {
        const v = r['REASON_PLACED_CEASED'] ?? null
        return v !== null && !isIn(v, codes('RD1', 'RD2', 'RD3', 'RD4'))
      }),
  }),
]

placedAdoptionRules.push(
  rule({
    code: '525',
    message: 'A child for whom the decision to be placed for adoption has been reversed cannot be adopted during the year.',
    tables: ['PlacedAdoption', 'AD1'],
    fields: ['DATE_PLACED_CEASED', ...ADOPTION_FIELDS],
    check: (ctx) => {
      if (!ctx.has('PlacedAdoption', 'AD1')) return {}
      const ad1 = ctx.rows('AD1')
      const ad1Flags: number[] = []
      const pa = where(ctx, 'PlacedAdoption', (r) => {
        if ((r['DATE_PLACED_CEASED'] ?? null) === null) return false
        const hits = (ctx.byChild('AD1').get(r['CHILD'] ?? '') ?? []).filter((a) => ADOPTION_FIELDS.some((f) => (ad1[a]?.[f] ?? null) !== null))
        ad1Flags.push(...hits)
        return hits.length > 0
      })
      return { ...pa, AD1: ad1Flags }
    },
  }),
)

placedAdoptionRules.push(
  rule({
    code: '118',
    message:
      'Date of decision that a child should no longer be placed for adoption is before the current collection year or before the date the child started to be looked after.',
    tables: ['PlacedAdoption', 'Episodes'],
    fields: ['DECOM', 'DECOM', 'LS'],
    check: (ctx) => {
      if (!ctx.has('PlacedAdoption', 'Episodes')) return {}
      const eps = ctx.rows('Episodes')
      const decom = ctx.dates('Episodes', 'DECOM')
      const ceased = ctx.dates('PlacedAdoption', 'DATE_PLACED_CEASED')
      const episodes: number[] = []
      const placed: number[] = []
      for (const [child, list] of ctx.byChild('Episodes')) {
        // The child's earliest episode that is not a short break (the first of equal starts).
        let first = -1
        for (const i of list) {
          if (isIn(eps[i]?.['LS'] ?? null, codes('V3', 'V4')) || Number.isNaN(decom[i])) continue
          if (first < 0 || (decom[i] as number) < (decom[first] as number)) first = i
        }
        if (first < 0) continue
        for (const p of ctx.byChild('PlacedAdoption').get(child) ?? []) {
          const c = ceased[p] as number
          if (c < (decom[first] as number) || c < ctx.start) {
            episodes.push(first)
            placed.push(p)
          }
        }
      }
      return { Episodes: episodes, PlacedAdoption: placed }
    },
  }),
)

placedAdoptionRules.push(
  rule({
    code: '184',
    message: 'Date of decision that a child should be placed for adoption is before the child was born.',
    tables: ['PlacedAdoption', 'Header'],
    fields: ['DATE_PLACED', 'DOB'],
    check: (ctx) => {
      if (!ctx.has('PlacedAdoption', 'Header')) return {}
      // The date of birth on the PlacedAdoption row itself (the DfE tool's merge keeps that one); a
      // decision date with no date of birth to set it against is flagged too.
      const placed = ctx.dates('PlacedAdoption', 'DATE_PLACED')
      const dob = ctx.dates('PlacedAdoption', 'DOB')
      return where(ctx, 'PlacedAdoption', (_r, i) => !Number.isNaN(placed[i]) && !((placed[i] as number) >= (dob[i] as number)))
    },
  }),
)

placedAdoptionRules.push(
  rule({
    code: '521',
    message:
      "Date of local authority's decision (LA) that adoption is in the best interests of the child (date should be placed) must be on or prior to the date the child is placed for adoption.",
    tables: ['Episodes', 'AD1'],
    fields: ['PLACE', 'DECOM', 'DATE_INT'],
    check: (ctx) => {
      if (!ctx.has('Episodes', 'AD1')) return {}
      const decom = ctx.dates('Episodes', 'DECOM')
      const int = ctx.dates('AD1', 'DATE_INT')
      const ad1: number[] = []
      const eps = where(ctx, 'Episodes', (r, i) => {
        if (!isIn(r['PLACE'] ?? null, codes('A3', 'A4', 'A5', 'A6'))) return false
        const hits = (ctx.byChild('AD1').get(r['CHILD'] ?? '') ?? []).filter((a) => (int[a] as number) > (decom[i] as number))
        ad1.push(...hits)
        return hits.length > 0
      })
      return { ...eps, AD1: ad1 }
    },
  }),
  rule({
    code: '522',
    message:
      'Date of decision that the child should be placed for adoption must be on or before the date that a child should no longer be placed for adoption.',
    tables: ['PlacedAdoption'],
    fields: ['DATE_PLACED', 'DATE_PLACED_CEASED'],
    check: (ctx) => {
      const placed = ctx.dates('PlacedAdoption', 'DATE_PLACED')
      const ceased = ctx.dates('PlacedAdoption', 'DATE_PLACED_CEASED')
      return where(ctx, 'PlacedAdoption', (_r, i) => (ceased[i] as number) < (placed[i] as number))
    },
  }),
  rule({
    code: '523',
    message:
      'Date of decision that the child should be placed for adoption should be the same date as the decision that adoption is in the best interest (date should be placed).',
    tables: ['PlacedAdoption', 'AD1'],
    fields: ['DATE_PLACED', 'DATE_INT'],
    check: (ctx) => {
      if (!ctx.has('PlacedAdoption', 'AD1')) return {}
      const placed = ctx.dates('PlacedAdoption', 'DATE_PLACED')
      const int = ctx.dates('AD1', 'DATE_INT')
      const ad1: number[] = []
      const pa = where(ctx, 'PlacedAdoption', (r, i) => {
        const p = placed[i] as number
        if (Number.isNaN(p)) return false
        const hits = (ctx.byChild('AD1').get(r['CHILD'] ?? '') ?? []).filter((a) => !Number.isNaN(int[a] as number) && int[a] !== p)
        ad1.push(...hits)
        return hits.length > 0
      })
      return { ...pa, AD1: ad1 }
    },
  }),
)

placedAdoptionRules.push(
  rule({
    code: '563',
    message: 'The child should no longer be placed for adoption but the date of the decision that the child should be placed for adoption is blank',
    tables: ['PlacedAdoption'],
    fields: ['DATE_PLACED', 'REASON_PLACED_CEASED', 'DATE_PLACED_CEASED'],
    check: (ctx) =>
      where(
        ctx,
        'PlacedAdoption',
        (r) => (r['REASON_PLACED_CEASED'] ?? null) !== null && (r['DATE_PLACED_CEASED'] ?? null) !== null && (r['DATE_PLACED'] ?? null) === null,
      ),
  }),
)

placedAdoptionRules.push(
  rule({
    code: '579',
    message:
      'A new decision that the child should be placed for adoption this year cannot start when the previous decision is still open. Decisions to place the child for adoption should also not overlap. The date of any new decision to place the child for adoption must not be before the date placed ceased of previous decisions.',
    tables: ['PlacedAdoption'],
    fields: ['DATE_PLACED', 'DATE_PLACED_CEASED'],
    check: (ctx) => {
      if (!ctx.has('PlacedAdoption')) return {}
      const placed = ctx.dates('PlacedAdoption', 'DATE_PLACED')
      const ceased = ctx.dates('PlacedAdoption', 'DATE_PLACED_CEASED')
      const out: number[] = []
      for (const list of ctx.byChild('PlacedAdoption').values()) {
        // In decision date order (undated last, ties in file order): each after the previous ceased.
        const sorted = [...list].sort((a, b) => {
          const x = placed[a] as number
          const y = placed[b] as number
          if (Number.isNaN(x)) return Number.isNaN(y) ? a - b : 1
          if (Number.isNaN(y)) return -1
          return x - y || a - b
        })
        for (let k = 1; k < sorted.length; k++) {
          const prevCeased = ceased[sorted[k - 1] as number] as number
          if (Number.isNaN(prevCeased) || (placed[sorted[k] as number] as number) < prevCeased) out.push(sorted[k] as number)
        }
      }
      return { PlacedAdoption: out }
    },
  }),
  rule({
    code: '582',
    message:
      'Child is showing as ceasing to be looked after due to adoption, but the date of adoption is the same as the date reported for being matched with adopters. In most circumstances we expect the date the child is matched with adopters to be before the date of adoption.',
    tables: ['Episodes', 'AD1'],
    fields: ['DEC', 'DATE_MATCH'],
    check: (ctx) => {
      if (!ctx.has('Episodes', 'AD1')) return {}
      const ad1 = ctx.rows('AD1')
      // The dates compared as written, as the DfE tool compares them.
      return where(
        ctx,
        'Episodes',
        (r) =>
          isIn(r['REC'] ?? null, codes('E11', 'E12')) &&
          (ctx.byChild('AD1').get(r['CHILD'] ?? '') ?? []).some((a) => (r['DEC'] ?? null) !== null && ad1[a]?.['DATE_MATCH'] === r['DEC']),
      )
    },
  }),
)
