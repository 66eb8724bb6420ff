/** Header rules: one row per child (sex, date of birth, UPN, mother). */
import { addYears, dayOf } from '../dates.ts'
import { codes, isIn, rowAt, rowsOrNone, rule, where } from '../shared.ts'
import type { DfeRule } from '../types.ts'

const UPN = /^(?:[A-HJ-NP-RT-Z](?:\d{12}|\d{11}[A-Z])|UN[1-5])$/

export const headerRules: DfeRule[] = [
  rule({
    code: '101',
    message: 'Gender code is not valid.',
    tables: ['Header'],
    fields: ['SEX'],
    to: 2024,
    check: (ctx) => where(ctx, 'Header', (r) => !isIn(r['SEX'] ?? null, codes('1', '2'))),
  }),
  // From 2024-25 the sex codes are M, F and U: the 1 and 2 of earlier years are flagged.
  rule({
    code: '101',
    message: 'The child or young person’s reported sex is not valid.',
    tables: ['Header'],
    fields: ['SEX'],
    from: 2025,
    check: (ctx) => where(ctx, 'Header', (r) => !isIn(r['SEX'] ?? null, codes('M', 'F', 'U'))),
  }),
  rule({
    code: '168',
    message: 'Unique Pupil Number (UPN) is not valid. If unknown, default codes should be UN1, UN2, UN3, UN4 or UN5.',
    tables: ['Header'],
    fields: ['UPN'],
    check: (ctx) =>
      where(ctx, 'Header', (r) => {
        const upn = r['UPN'] ?? null
        return upn !== null && !UPN.test(upn)
      }),
  }),
  rule({
    code: '165',
    message: 'Data entry for mother status is invalid.',
    tables: ['Header', 'Episodes', 'OC3'],
    fields: ['MOTHER', 'SEX', 'ACTIV', 'ACCOM', 'IN_TOUCH', 'DECOM'],
    check: (ctx) => {
      if (!ctx.has('Header', 'Episodes', 'OC3')) return {}
      // The validator still reads SEX as 1/2 here in every year, so a girl coded F is never asked
      // for MOTHER: kept so the findings are the DfE's.
      const eps = ctx.rows('Episodes')
      const decom = ctx.dates('Episodes', 'DECOM')
      const dec = ctx.dates('Episodes', 'DEC')
      const header: number[] = []
      const oc3: number[] = []
      for (const [child, list] of ctx.byChild('Episodes')) {
        const kept = list.filter((i) => !isIn(eps[i]?.['LS'] ?? null, codes('V3', 'V4')))
        if (kept.length === 0) continue
        // Blank DECs read as 31 March: an open episode counts in the year.
        const inYear = kept.some((i) => {
          const e = Number.isNaN(dec[i]) ? ctx.end : (dec[i] as number)
          return e >= ctx.start && (decom[i] as number) <= ctx.end
        })
        for (const h of rowsOrNone(ctx, 'Header', child)) {
          const hr = rowAt(ctx, 'Header', h)
          for (const o of rowsOrNone(ctx, 'OC3', child)) {
            const or = rowAt(ctx, 'OC3', o)
            const mother = hr['MOTHER'] ?? null
            const sex = hr['SEX'] ?? null
            const hasOc3 = (or['ACTIV'] ?? null) !== null || (or['ACCOM'] ?? null) !== null || (or['IN_TOUCH'] ?? null) !== null
            const bad =
              (mother !== null && mother !== '0' && mother !== '1') ||
              (mother !== null && sex === '1') ||
              (mother === null && sex === '2' && inYear) ||
              (mother !== null && sex === '2' && !inYear && hasOc3)
            if (!bad) continue
            if (h >= 0) header.push(h)
            if (o >= 0) oc3.push(o)
          }
        }
      }
      return { Header: header, OC3: oc3 }
    },
  }),
]

headerRules.push(
  rule({
    code: 'EPI',
    message:
      'WARNING: Episodes need to be loaded for this child before further validation is possible [NOTE: This refers to the DfE portal - here, all checks that can be performed with only the available data will be.]',
    tables: ['Header', 'Episodes', 'OC3'],
    fields: ['CHILD'],
    check: (ctx) => {
      const eps = ctx.byChild('Episodes')
      const oc3 = ctx.byChild('OC3')
      return where(ctx, 'Header', (r) => !eps.has(r['CHILD'] ?? '') && !oc3.has(r['CHILD'] ?? ''))
    },
  }),
)

headerRules.push(
  rule({
    code: '209',
    message: 'Child looked after is of school age and should not have an unknown Unique Pupil Number (UPN) code of UN1.',
    tables: ['Header'],
    fields: ['UPN', 'DOB'],
    check: (ctx) => {
      const dob = ctx.dates('Header', 'DOB')
      // School age: 4 by 31 August before the collection year began.
      const reference = dayOf(ctx.year - 2, 8, 31)
      return where(ctx, 'Header', (r, i) => r['UPN'] === 'UN1' && reference >= addYears(dob[i] as number, 4))
    },
  }),
  rule({
    code: '210',
    message: 'Children looked after for more than a week at 31 March should not have an unknown Unique Pupil Number (UPN) code of UN4.',
    tables: ['Header', 'Episodes'],
    fields: ['UPN', 'DECOM'],
    check: (ctx) => {
      if (!ctx.has('Header', 'Episodes')) return {}
      const decom = ctx.dates('Episodes', 'DECOM')
      const header = ctx.byChild('Header')
      const hdr = ctx.rows('Header')
      const since = dayOf(ctx.year, 3, 24)
      const flagged: number[] = []
      const eps = where(ctx, 'Episodes', (r, i) => {
        if (!((decom[i] as number) >= since)) return false
        const hs = (header.get(r['CHILD'] ?? '') ?? []).filter((h) => hdr[h]?.['UPN'] === 'UN4')
        flagged.push(...hs)
        return hs.length > 0
      })
      return { ...eps, Header: flagged }
    },
  }),
)

headerRules.push(
  // New in 2024-25, with the M/F/U codes.
  rule({
    code: '232',
    message: 'Sex of the child/young person has been reported as unknown.',
    tables: ['Header'],
    fields: ['SEX'],
    from: 2025,
    check: (ctx) => where(ctx, 'Header', (r) => r['SEX'] === 'U'),
  }),
  rule({
    code: '301',
    message: 'Date of birth falls after the year ended.',
    tables: ['Header'],
    fields: ['DOB'],
    check: (ctx) => {
      const dob = ctx.dates('Header', 'DOB')
      return where(ctx, 'Header', (_r, i) => (dob[i] as number) > ctx.end)
    },
  }),
  rule({
    code: '302',
    message: 'First episode starts before child was born.',
    tables: ['Header', 'Episodes'],
    fields: ['DECOM', 'DOB'],
    check: (ctx) => {
      if (!ctx.has('Header', 'Episodes')) return {}
      const decom = ctx.dates('Episodes', 'DECOM')
      const dob = ctx.dates('Header', 'DOB')
      const episodes: number[] = []
      const header: number[] = []
      for (const [child, list] of ctx.byChild('Episodes')) {
        // The child's first dated episode (the first of equal starts).
        let first = -1
        for (const i of list) if (!Number.isNaN(decom[i]) && (first < 0 || (decom[i] as number) < (decom[first] as number))) first = i
        if (first < 0) continue
        for (const h of ctx.byChild('Header').get(child) ?? []) {
          if ((dob[h] as number) > (decom[first] as number)) {
            episodes.push(first)
            header.push(h)
          }
        }
      }
      return { Episodes: episodes, Header: header }
    },
  }),
)

headerRules.push(
  rule({
    code: '351',
    message: 'Child was over 25 at the start of the current collection year.',
    tables: ['Header'],
    fields: ['DOB'],
    check: (ctx) => {
      const dob = ctx.dates('Header', 'DOB')
      return where(ctx, 'Header', (_r, i) => ctx.start > addYears(dob[i] as number, 25))
    },
  }),
)

headerRules.push(
  rule({
    code: '442',
    message: 'Unique Pupil Number (UPN) field is not completed.',
    tables: ['Episodes', 'Header'],
    fields: ['UPN'],
    // A child with an episode other than a short break (V3/V4) needs a UPN (or a UN code).
    check: (ctx) => {
      if (!ctx.has('Episodes', 'Header')) return {}
      const eps = ctx.rows('Episodes')
      const byChild = ctx.byChild('Episodes')
      return where(
        ctx,
        'Header',
        (r) => (r['UPN'] ?? null) === null && (byChild.get(r['CHILD'] ?? '') ?? []).some((i) => !isIn(eps[i]?.['LS'] ?? null, codes('V3', 'V4'))),
      )
    },
  }),
)
