/** Episodes rules: one row per episode of care (placement, legal status, start and end). */
import { addYears, dayOf, parseDmy } from '../dates.ts'
import { isValidCodeInYear } from '../../code-lists/index.ts'
import { codes, episodesInOrder, eq, isIn, ne, rule, where } from '../shared.ts'
import type { ReturnContext } from '../context.ts'
import type { DfeRule, Row } from '../types.ts'

const T_PLACEMENTS = codes('T0', 'T1', 'T2', 'T3', 'T4')

const placeWithUrn = (code: string, message: string, from: number, to: number | null, places: ReadonlySet<string>): DfeRule =>
  rule({
    code,
    message,
    tables: ['Episodes'],
    fields: ['URN'],
    from,
    to,
    check: (ctx) => where(ctx, 'Episodes', (r) => isIn(r['PLACE'] ?? null, places) && (r['URN'] ?? null) !== null && r['URN'] !== 'XXXXXXX'),
  })

const URN_MESSAGE = 'Ofsted Unique reference number (URN) should not be recorded for this placement type.'

/** 178: a provider code is PR0-PR5 where a provider is needed, and absent where none is. */
const provider = (from: number, to: number | null, none: ReadonlySet<string>): DfeRule =>
  rule({
    code: '178',
    message: 'Placement provider code is not a valid code.',
    tables: ['Episodes'],
    fields: ['PLACE_PROVIDER'],
    from,
    to,
    check: (ctx) =>
      where(ctx, 'Episodes', (r) => {
        const pp = r['PLACE_PROVIDER'] ?? null
        return pp !== null && !(isIn(pp, codes('PR0', 'PR1', 'PR2', 'PR3', 'PR4', 'PR5')) && !isIn(r['PLACE'] ?? null, none))
      }),
  })

const noProvider = (from: number, to: number | null, places: ReadonlySet<string>): DfeRule =>
  rule({
    code: '213',
    message: 'Placement provider information not required.',
    tables: ['Episodes'],
    fields: ['PLACE_PROVIDER'],
    from,
    to,
    check: (ctx) => where(ctx, 'Episodes', (r) => isIn(r['PLACE'] ?? null, places) && (r['PLACE_PROVIDER'] ?? null) !== null),
  })

/** 226: no reason for a placement change on a temporary placement, nor on the episode before it. */
const noReasonForTemporary = (message: string, from: number, to: number | null): DfeRule =>
  rule({
    code: '226',
    message,
    tables: ['Episodes'],
    fields: ['REASON_PLACE_CHANGE', 'PLACE'],
    from,
    to,
    check: (ctx) => {
      if (!ctx.has('Episodes')) return {}
      const rows = ctx.rows('Episodes')
      const out: number[] = []
      for (const list of episodesInOrder(ctx).values()) {
        for (let k = 0; k < list.length; k++) {
          const r = rows[list[k] as number] as Row
          const prev = k > 0 ? (rows[list[k - 1] as number] as Row) : null
          if (isIn(r['PLACE'] ?? null, T_PLACEMENTS) && ((r['REASON_PLACE_CHANGE'] ?? null) !== null || (prev?.['REASON_PLACE_CHANGE'] ?? null) !== null))
            out.push(list[k] as number)
        }
      }
      return { Episodes: out }
    },
  })

/**
 * 383: after a temporary placement the child returns to the placement before it (RNE P, the same
 * PLACE and, from 2025-26, the same PL_POST). Blanks compare unequal, as in the validator.
 */
const returnAfterTemporary = (from: number, to: number | null, samePostcode: boolean): DfeRule =>
  rule({
    code: '383',
    message: 'A child in a temporary placement must subsequently return to his/her normal placement.',
    tables: ['Episodes'],
    fields: samePostcode ? ['PLACE', 'RNE', 'PL_POST'] : ['PLACE'],
    from,
    to,
    check: (ctx: ReturnContext) => {
      if (!ctx.has('Episodes')) return {}
      const rows = ctx.rows('Episodes')
      const out: number[] = []
      for (const list of episodesInOrder(ctx).values()) {
        for (let k = 2; k < list.length; k++) {
          const cur = rows[list[k] as number] as Row
          const prev = rows[list[k - 1] as number] as Row
          const before = rows[list[k - 2] as number] as Row
          if (!isIn(prev['PLACE'] ?? null, T_PLACEMENTS)) continue
          const bad =
            ne(cur['RNE'] ?? null, 'P') ||
            ne(cur['PLACE'] ?? null, before['PLACE'] ?? null) ||
            (samePostcode && ne(cur['PL_POST'] ?? null, before['PL_POST'] ?? null))
          if (bad) out.push(list[k] as number)
        }
      }
      return { Episodes: out }
    },
  })

const ADOPTION = codes('E11', 'E12')

export const episodeRules: DfeRule[] = [
  placeWithUrn('222', URN_MESSAGE, 2024, 2024, codes('P1', 'P2', 'P3', 'R1', 'R2', 'R5', 'T0', 'T1', 'T2', 'T3', 'T4', 'Z1')),
  placeWithUrn('222', URN_MESSAGE, 2025, 2025, codes('P1', 'P3', 'R1', 'R2', 'R5', 'T0', 'T1', 'T2', 'T3', 'T4', 'Z1')),
  placeWithUrn('222', URN_MESSAGE, 2026, null, codes('P1', 'P3', 'R1', 'R2', 'R5', 'T0', 'T1', 'T2', 'T3', 'T4', 'Z11', 'Z12', 'Z13', 'Z14')),
  provider(2024, 2025, codes('T0', 'T1', 'T2', 'T3', 'T4', 'Z1')),
  // 2025-26 lists T0-T3 and Z11-Z14: a T4 with a provider code passes 178 (213 flags it).
  provider(2026, null, codes('T0', 'T1', 'T2', 'T3', 'Z11', 'Z12', 'Z13', 'Z14')),
  noProvider(2024, 2025, T_PLACEMENTS),
  noProvider(2026, null, codes('T0', 'T1', 'T2', 'T3', 'T4', 'Z11', 'Z12', 'Z13', 'Z14')),
  noReasonForTemporary('Reason for placement change is not required.', 2024, 2025),
  noReasonForTemporary('Reason for placement change is not required for temporary placements.', 2026, null),
  returnAfterTemporary(2024, 2025, false),
  returnAfterTemporary(2026, null, true),
  rule({
    code: '148',
    message: 'Date episode ceased and reason episode ceased must both be coded, or both left blank.',
    tables: ['Episodes'],
    fields: ['DEC', 'REC'],
    check: (ctx) => where(ctx, 'Episodes', (r) => ((r['DEC'] ?? null) === null) !== ((r['REC'] ?? null) === null)),
  }),
]

const PROVIDER_PLACE_MESSAGE: Record<string, string> = {
  '527': 'A placement provider code of PR1 cannot be associated with placements P1, R2 or R5.',
  '528': 'A placement provider code of PR2 cannot be associated with placements P1, R2 or R5.',
  '529':
    'Placement provider code of PR3 cannot be associated with placements P1, A3 to A6, K1, K2 and U1 to U6 as these placements cannot be provided by other public organisations.',
  '530': 'A placement provider code of PR4 cannot be associated with placement P1.',
  '531': 'A placement provider code of PR5 cannot be associated with placements P1.',
}

/** 527-531: a provider code that cannot provide these placements. */
const providerCannotPlace = (code: string, providerCode: string, places: ReadonlySet<string>): DfeRule =>
  rule({
    code,
    message: PROVIDER_PLACE_MESSAGE[code] as string,
    tables: ['Episodes'],
    fields: ['PLACE', 'PLACE_PROVIDER'],
    check: (ctx) => where(ctx, 'Episodes', (r) => isIn(r['PLACE'] ?? null, places) && r['PLACE_PROVIDER'] === providerCode),
  })

/**
 * 361, 362: a run of episodes under one legal status, each ending the day the next begins (an open
 * one ending 31 March), lasting longer than the law allows. Every episode of the run is flagged.
 */
const chainTooLong = (code: string, message: string, ls: string, days: number): DfeRule =>
  rule({
    code,
    message,
    tables: ['Episodes'],
    fields: ['DECOM', 'LS', 'DEC'],
    check: (ctx) => {
      if (!ctx.has('Episodes')) return {}
      const rows = ctx.rows('Episodes')
      const decom = ctx.dates('Episodes', 'DECOM')
      const dec = ctx.dates('Episodes', 'DEC')
      const end = (i: number): number => (Number.isNaN(dec[i]) ? ctx.end : (dec[i] as number))
      const out: number[] = []
      for (const list of episodesInOrder(ctx).values()) {
        let run: number[] = []
        let flowed = false
        const close = (): void => {
          let first = NaN
          let last = NaN
          for (const i of run) {
            if (!Number.isNaN(decom[i]) && !((decom[i] as number) >= first)) first = decom[i] as number
            if (!(end(i) <= last)) last = end(i)
          }
          if (last - first > days) out.push(...run)
          run = []
        }
        for (let k = 0; k < list.length; k++) {
          const i = list[k] as number
          if ((rows[i] as Row)['LS'] !== ls) continue
          if (!flowed && run.length > 0) close()
          run.push(i)
          const next = list[k + 1]
          flowed = next !== undefined && end(i) === (decom[next] as number)
        }
        if (run.length > 0) close()
      }
      return { Episodes: out }
    },
  })

/**
 * 363, 364: episodes under one legal status, in file order, joined into a period while each starts
 * no later than the previous one ended (an open one ending 31 March); a period longer in total than
 * the law allows flags all its episodes. File order, not date order: the validator sorts and then
 * drops the sorted copy.
 */
const periodTooLong = (code: string, message: string, ls: string, days: number): DfeRule =>
  rule({
    code,
    message,
    tables: ['Episodes'],
    fields: ['LS', 'DECOM', 'DEC'],
    check: (ctx) => {
      if (!ctx.has('Episodes')) return {}
      const rows = ctx.rows('Episodes')
      const decom = ctx.dates('Episodes', 'DECOM')
      const dec = ctx.dates('Episodes', 'DEC')
      const out: number[] = []
      let period: number[] = []
      let total = 0
      let prevChild: string | null = null
      let prevEnd = NaN
      const close = (): void => {
        if (total > days) out.push(...period)
        period = []
        total = 0
      }
      for (let i = 0; i < rows.length; i++) {
        const r = rows[i] as Row
        if (r['LS'] !== ls || Number.isNaN(decom[i])) continue
        const s = decom[i] as number
        const e = (r['DEC'] ?? null) === null ? ctx.end : (dec[i] as number)
        const child = r['CHILD'] ?? null
        if (s > prevEnd || child === null || child !== prevChild) close()
        period.push(i)
        if (!Number.isNaN(e)) total += e - s
        prevChild = child
        prevEnd = e
      }
      close()
      return { Episodes: out }
    },
  })

episodeRules.push(
  providerCannotPlace('527', 'PR1', codes('P1', 'R2', 'R5')),
  providerCannotPlace('528', 'PR2', codes('P1', 'R2', 'R5')),
  providerCannotPlace('529', 'PR3', codes('A3', 'A4', 'A5', 'A6', 'K1', 'K2', 'P1', 'U1', 'U2', 'U3', 'U4', 'U5', 'U6')),
  providerCannotPlace('530', 'PR4', codes('P1')),
  providerCannotPlace('531', 'PR5', codes('P1')),
  rule({
    code: '550',
    message: 'A placement provider code of PR0 can only be associated with placement P1.',
    tables: ['Episodes'],
    fields: ['PLACE', 'PLACE_PROVIDER'],
    check: (ctx) => where(ctx, 'Episodes', (r) => ne(r['PLACE'] ?? null, 'P1') && r['PLACE_PROVIDER'] === 'PR0'),
  }),
  rule({
    code: '214',
    message: 'Placement location information not required.',
    tables: ['Episodes'],
    fields: ['PL_POST', 'URN'],
    check: (ctx) => where(ctx, 'Episodes', (r) => isIn(r['LS'] ?? null, codes('V3', 'V4')) && ((r['PL_POST'] ?? null) !== null || (r['URN'] ?? null) !== null)),
  }),
  rule({
    code: '398',
    message: 'Distance field completed but child looked after under legal status V3 or V4.',
    tables: ['Episodes'],
    fields: ['LS', 'HOME_POST', 'PL_POST'],
    check: (ctx) =>
      where(ctx, 'Episodes', (r) => isIn(r['LS'] ?? null, codes('V3', 'V4')) && ((r['HOME_POST'] ?? null) !== null || (r['PL_POST'] ?? null) !== null)),
  }),
  rule({
    code: '380',
    message: 'A period of care cannot start with a temporary placement.',
    tables: ['Episodes'],
    fields: ['PLACE', 'RNE'],
    check: (ctx) => where(ctx, 'Episodes', (r) => isIn(r['PLACE'] ?? null, T_PLACEMENTS) && !isIn(r['RNE'] ?? null, codes('P', 'B'))),
  }),
  rule({
    code: '551',
    message: 'Child has been placed for adoption but there is no date of the decision that the child should be placed for adoption.',
    tables: ['Episodes', 'PlacedAdoption'],
    fields: ['DATE_PLACED', 'PLACE'],
    check: (ctx) => {
      if (!ctx.has('Episodes', 'PlacedAdoption')) return {}
      const placed = ctx.rows('PlacedAdoption')
      const byChild = ctx.byChild('PlacedAdoption')
      return where(ctx, 'Episodes', (r) => {
        if (!isIn(r['PLACE'] ?? null, codes('A3', 'A4', 'A5', 'A6'))) return false
        const list = byChild.get(r['CHILD'] ?? '')
        return list === undefined || list.some((i) => (placed[i]?.['DATE_PLACED'] ?? null) === null)
      })
    },
  }),
  chainTooLong('361', 'Police protection legal status lasted longer than maximum 72 hours allowed in the Children Act 1989.', 'L1', 3),
  chainTooLong('362', 'Emergency protection order (EPO) lasted longer than 21 days', 'L2', 21),
  periodTooLong('363', 'Child assessment order (CAO) lasted longer than 7 days allowed in the Children Act 1989.', 'L3', 7),
  periodTooLong(
    '364',
    'Sections 41-46 of Police and Criminal Evidence (PACE; 1984) severely limits the time a child can be detained in custody in Local Authority (LA) accommodation.',
    'J2',
    21,
  ),
  rule({
    code: '365',
    message: 'Any individual short- term respite placement must not exceed 17 days.',
    tables: ['Episodes'],
    fields: ['LS', 'DECOM', 'DEC'],
    check: (ctx) => {
      const decom = ctx.dates('Episodes', 'DECOM')
      const dec = ctx.dates('Episodes', 'DEC')
      return where(ctx, 'Episodes', (r, i) => {
        const e = (r['DEC'] ?? null) === null ? ctx.end : (dec[i] as number)
        return r['LS'] === 'V3' && e > (decom[i] as number) + 17
      })
    },
  }),
  rule({
    code: '366',
    message: 'A child cannot change placement during the course of an individual short-term respite break.',
    tables: ['Episodes'],
    fields: ['RNE'],
    check: (ctx) => where(ctx, 'Episodes', (r) => r['LS'] === 'V3' && ne(r['RNE'] ?? null, 'S')),
  }),
)

/** 376, 379: a temporary placement (of a child with a header row) lasting longer than allowed. */
const temporaryTooLong = (code: string, message: string, place: string, days: number): DfeRule =>
  rule({
    code,
    message,
    tables: ['Episodes', 'Header'],
    fields: ['DECOM', 'PLACE'],
    check: (ctx) => {
      if (!ctx.has('Episodes', 'Header')) return {}
      const decom = ctx.dates('Episodes', 'DECOM')
      const dec = ctx.dates('Episodes', 'DEC')
      const dob = ctx.dates('Header', 'DOB')
      const header = ctx.byChild('Header')
      return where(ctx, 'Episodes', (r, i) => {
        if (r['PLACE'] !== place) return false
        const h = header.get(r['CHILD'] ?? '')
        // The validator only looks at episodes whose child has a header row with a date of birth.
        if (h === undefined || !h.some((k) => !Number.isNaN(dob[k]))) return false
        return (dec[i] as number) > (decom[i] as number) + days
      })
    },
  })

/** 557: a child placed for adoption (or under an order) who left care unadopted needs the decision reversed. */
const leftWithoutReversal = (from: number, to: number | null, orders: ReadonlySet<string>): DfeRule =>
  rule({
    code: '557',
    message:
      'Child for whom the decision was made that they should be placed for adoption has left care but was not adopted and information on the decision that they should no longer be placed for adoption items has not been completed.',
    tables: ['Episodes', 'PlacedAdoption'],
    fields: ['DATE_PLACED_CEASED', 'REASON_PLACED_CEASED', 'PLACE', 'LS', 'REC'],
    from,
    to,
    check: (ctx) => {
      if (!ctx.has('Episodes', 'PlacedAdoption')) return {}
      const placed = ctx.byChild('PlacedAdoption')
      const pa = ctx.rows('PlacedAdoption')
      const incomplete = (p: number): boolean => (pa[p]?.['DATE_PLACED_CEASED'] ?? null) === null || (pa[p]?.['REASON_PLACED_CEASED'] ?? null) === null
      const paFlags: number[] = []
      const eps = where(ctx, 'Episodes', (r) => {
        const rec = r['REC'] ?? null
        const left = rec !== null && rec !== 'X1' && rec !== 'E11' && rec !== 'E12'
        if (!left || !(isIn(r['PLACE'] ?? null, codes('A3', 'A4', 'A5', 'A6')) || isIn(r['LS'] ?? null, orders))) return false
        const list = placed.get(r['CHILD'] ?? '')
        if (list === undefined) return true
        const bad = list.filter(incomplete)
        paFlags.push(...bad)
        return bad.length > 0
      })
      return { ...eps, PlacedAdoption: paFlags }
    },
  })

episodeRules.push(
  rule({
    code: '388',
    message: 'Reason episode ceased is coded new episode begins, but there is no continuation episode.',
    tables: ['Episodes'],
    fields: ['REC'],
    check: (ctx) => {
      if (!ctx.has('Episodes')) return {}
      const rows = ctx.rows('Episodes')
      const decom = ctx.dates('Episodes', 'DECOM')
      const dec = ctx.dates('Episodes', 'DEC')
      const out: number[] = []
      for (const list of episodesInOrder(ctx).values()) {
        // The validator dates an episode with no start 1 January 1901: first in the child's order.
        const ordered = [...list.filter((i) => Number.isNaN(decom[i] as number)), ...list.filter((i) => !Number.isNaN(decom[i] as number))]
        for (let k = 0; k < ordered.length; k++) {
          const i = ordered[k] as number
          const rec = (rows[i] as Row)['REC'] ?? null
          const e = dec[i] as number
          if (Number.isNaN(e)) continue
          const next = ordered[k + 1]
          if (next === undefined) {
            if (rec === 'X1') out.push(i)
            continue
          }
          const nextStart = Number.isNaN(decom[next]) ? -25202 : (decom[next] as number)
          if ((rec === 'X1' && e !== nextStart) || (rec !== null && rec !== 'X1' && e === nextStart)) out.push(i)
        }
      }
      return { Episodes: out }
    },
  }),
  rule({
    code: '358',
    message: 'Child with this legal status should not be under 10.',
    tables: ['Episodes', 'Header'],
    fields: ['DECOM', 'DOB', 'LS'],
    check: (ctx) => {
      if (!ctx.has('Episodes', 'Header')) return {}
      const decom = ctx.dates('Episodes', 'DECOM')
      const dob = ctx.dates('Header', 'DOB')
      const header: number[] = []
      const flagged = where(ctx, 'Episodes', (r, i) => {
        if (!isIn(r['LS'] ?? null, codes('J1', 'J2', 'J3'))) return false
        let any = false
        for (const h of ctx.byChild('Header').get(r['CHILD'] ?? '') ?? []) {
          if (addYears(dob[h] as number, 10) >= (decom[i] as number)) {
            header.push(h)
            any = true
          }
        }
        return any
      })
      return { ...flagged, Header: header }
    },
  }),
  rule({
    code: '553',
    message: 'Placement order has been granted but there is no date of decision that the child should be placed for adoption.',
    tables: ['Episodes', 'PlacedAdoption'],
    fields: ['CHILD', 'DATE_PLACED', 'DATE_PLACED_CEASED', 'REASON_PLACED_CEASED'],
    check: (ctx) => {
      if (!ctx.has('Episodes', 'PlacedAdoption')) return {}
      const placed = ctx.byChild('PlacedAdoption')
      const pa = ctx.rows('PlacedAdoption')
      const paFlags: number[] = []
      const eps = where(ctx, 'Episodes', (r) => {
        if (r['LS'] !== 'E1') return false
        const list = placed.get(r['CHILD'] ?? '')
        if (list === undefined) return true
        // An open placement order with a decision already reversed: the reversal is flagged.
        if ((r['DEC'] ?? null) === null)
          for (const p of list) if ((pa[p]?.['DATE_PLACED_CEASED'] ?? null) !== null || (pa[p]?.['REASON_PLACED_CEASED'] ?? null) !== null) paFlags.push(p)
        return false
      })
      return { ...eps, PlacedAdoption: paFlags }
    },
  }),
  rule({
    code: '408',
    message: 'Child is placed for adoption with a placement order, but no placement order has been recorded.',
    tables: ['Episodes'],
    fields: ['PLACE', 'LS'],
    check: (ctx) => where(ctx, 'Episodes', (r) => isIn(r['PLACE'] ?? null, codes('A5', 'A6')) && ne(r['LS'] ?? null, 'E1')),
  }),
  rule({
    code: '217',
    message: 'Children who are placed for adoption with current foster carers (placement types A3 or A5) must have a reason for new episode of S, T or U.',
    tables: ['Episodes'],
    fields: ['PLACE', 'DECOM', 'RNE'],
    check: (ctx) => {
      const decom = ctx.dates('Episodes', 'DECOM')
      const from = dayOf(2015, 4, 1)
      return where(
        ctx,
        'Episodes',
        (r, i) => isIn(r['PLACE'] ?? null, codes('A3', 'A5')) && (decom[i] as number) >= from && !isIn(r['RNE'] ?? null, codes('S', 'T', 'U')),
      )
    },
  }),
  leftWithoutReversal(2024, 2024, codes('D1', 'E1')),
  // From 2024-25 only a placement order (E1), not a freeing order (D1), counts.
  leftWithoutReversal(2025, null, codes('E1')),
  rule({
    code: '381',
    message: 'A period of care cannot end with a temporary placement.',
    tables: ['Episodes'],
    fields: ['PLACE', 'REC'],
    check: (ctx) => where(ctx, 'Episodes', (r) => isIn(r['PLACE'] ?? null, T_PLACEMENTS) && (r['REC'] ?? null) !== null && r['REC'] !== 'X1'),
  }),
  rule({
    code: '382',
    message: 'A child receiving respite care cannot be in a temporary placement.',
    tables: ['Episodes'],
    fields: ['LS', 'PLACE'],
    check: (ctx) => where(ctx, 'Episodes', (r) => isIn(r['LS'] ?? null, codes('V3', 'V4')) && isIn(r['PLACE'] ?? null, T_PLACEMENTS)),
  }),
  temporaryTooLong('376', 'Temporary placements coded as being due to holiday of usual foster carer(s) cannot exceed three weeks.', 'T3', 21),
  temporaryTooLong('379', 'Temporary placements for unspecified reason (placement code T4) cannot exceed seven days.', 'T4', 7),
  rule({
    code: '336',
    message: 'Child does not have a foster placement immediately prior to being placed for adoption.',
    tables: ['Episodes'],
    fields: ['PLACE'],
    check: (ctx) => {
      if (!ctx.has('Episodes')) return {}
      const rows = ctx.rows('Episodes')
      const before = codes('A3', 'A4', 'A5', 'A6', 'U1', 'U2', 'U3', 'U4', 'U5', 'U6')
      const out: number[] = []
      for (const list of episodesInOrder(ctx).values()) {
        for (let k = 1; k < list.length; k++) {
          const i = list[k] as number
          if (isIn(rows[i]?.['PLACE'] ?? null, codes('A3', 'A4')) && !isIn(rows[list[k - 1] as number]?.['PLACE'] ?? null, before)) out.push(i)
        }
      }
      return { Episodes: out }
    },
  }),
  rule({
    code: '367',
    message: 'The maximum amount of respite care allowable is 75 days in any 12-month period.',
    tables: ['Episodes'],
    fields: ['LS', 'DECOM', 'DEC'],
    check: (ctx) => {
      if (!ctx.has('Episodes')) return {}
      const rows = ctx.rows('Episodes')
      const decom = ctx.dates('Episodes', 'DECOM')
      const dec = ctx.dates('Episodes', 'DEC')
      const out: number[] = []
      for (const list of ctx.byChild('Episodes').values()) {
        // Days of V3 short breaks within the year, an open one running to 31 March.
        const counted: number[] = []
        let total = 0
        for (const i of list) {
          const r = rows[i] as Row
          if (r['LS'] !== 'V3' || (r['DECOM'] ?? null) === null) continue
          const e = (r['DEC'] ?? null) === null || (dec[i] as number) > ctx.end ? ctx.end : (dec[i] as number)
          const s = Math.max(decom[i] as number, ctx.start)
          const days = e - s
          if (days > 0) {
            counted.push(i)
            total += days
          }
        }
        if (total > 75) out.push(...counted)
      }
      return { Episodes: out }
    },
  }),
)

/**
 * 372-374: a placement the child is too young for at its start. Only episodes with a start, an end
 * and a header date of birth are judged (the validator drops the others).
 */
const tooYoungFor = (code: string, message: string, place: string, years: number): DfeRule =>
  rule({
    code,
    message,
    tables: ['Episodes', 'Header'],
    fields: ['DECOM', 'PLACE'],
    check: (ctx) => {
      if (!ctx.has('Episodes', 'Header')) return {}
      const decom = ctx.dates('Episodes', 'DECOM')
      const dec = ctx.dates('Episodes', 'DEC')
      const dob = ctx.dates('Header', 'DOB')
      const header = ctx.byChild('Header')
      return where(ctx, 'Episodes', (r, i) => {
        if (r['PLACE'] !== place || Number.isNaN(dec[i])) return false
        return (header.get(r['CHILD'] ?? '') ?? []).some((h) => (decom[i] as number) < addYears(dob[h] as number, years))
      })
    },
  })

/** The previous episode of each episode in the child's date order (-1 for the first). */
function previousEpisode(ctx: ReturnContext): Int32Array {
  return ctx.once('previousEpisode', () => {
    const out = new Int32Array(ctx.rows('Episodes').length).fill(-1)
    for (const list of episodesInOrder(ctx).values()) for (let k = 1; k < list.length; k++) out[list[k] as number] = list[k - 1] as number
    return out
  })
}

/** 387, 389: an episode ending for a reason the child is too young for (REC codes, age in years). */
const endedTooYoung = (code: string, message: string, recs: ReadonlySet<string>, years: number, needsEnd: boolean): DfeRule =>
  rule({
    code,
    message,
    tables: ['Header', 'Episodes'],
    fields: ['REC'],
    check: (ctx) => {
      if (!ctx.has('Episodes', 'Header')) return {}
      const dec = ctx.dates('Episodes', 'DEC')
      const dob = ctx.dates('Header', 'DOB')
      const header = ctx.byChild('Header')
      return where(ctx, 'Episodes', (r, i) => {
        if (!isIn(r['REC'] ?? null, recs)) return false
        const e = dec[i] as number
        if (needsEnd && Number.isNaN(e)) return false
        const hs = header.get(r['CHILD'] ?? '') ?? [-1]
        // Old enough is DOB + n years on or before DEC; with no header row or no DEC, never.
        return hs.some((h) => !(h >= 0 && addYears(dob[h] as number, years) <= e))
      })
    },
  })

const sameChildPrevious = (ctx: ReturnContext, i: number): number => previousEpisode(ctx)[i] as number

episodeRules.push(
  tooYoungFor('372', 'Child in youth custody or prison should be at least 10.', 'R5', 10),
  tooYoungFor('373', 'Child placed in a school should be at least 4 years old.', 'S1', 4),
  tooYoungFor('374', 'Child in residential employment should be at least 14 years old.', 'P3', 14),
  temporaryTooLong('375', 'Hospitalisation coded as a temporary placement exceeds six weeks.', 'T1', 42),
  endedTooYoung(
    '387',
    'Reason episode ceased is child moved into independent living arrangement, but the child is aged under 14.',
    codes('E5', 'E6'),
    14,
    true,
  ),
  endedTooYoung(
    '389',
    'Reason episode ceased is that child transferred to care of adult social care services, but child is aged under 16.',
    codes('E7'),
    16,
    false,
  ),
  rule({
    code: '390',
    message: 'Reason episode ceased is adopted but child has not been previously placed for adoption.',
    tables: ['Episodes'],
    fields: ['PLACE', 'REC'],
    check: (ctx) => where(ctx, 'Episodes', (r) => isIn(r['REC'] ?? null, codes('E11', 'E12')) && !isIn(r['PLACE'] ?? null, codes('A3', 'A4', 'A5', 'A6'))),
  }),
  rule({
    code: '516',
    message:
      'The episode data submitted for this child does not show that he/she was with their former foster carer(s) during the year.If the code in the reason episode ceased is E45 or E46 the child must have a placement code of U1 to U6.',
    tables: ['Episodes'],
    fields: ['REC', 'PLACE'],
    check: (ctx) =>
      where(ctx, 'Episodes', (r) => isIn(r['REC'] ?? null, codes('E45', 'E46')) && !isIn(r['PLACE'] ?? null, codes('U1', 'U2', 'U3', 'U4', 'U5', 'U6'))),
  }),
  rule({
    code: '407',
    message: 'Reason episode ceased is Special Guardianship Order, but child has reached age 18.',
    tables: ['Episodes', 'Header'],
    fields: ['DEC', 'DOB', 'REC'],
    check: (ctx) => {
      if (!ctx.has('Episodes', 'Header')) return {}
      const dec = ctx.dates('Episodes', 'DEC')
      const dob = ctx.dates('Header', 'DOB')
      const header: number[] = []
      const eps = where(ctx, 'Episodes', (r, i) => {
        if (!isIn(r['REC'] ?? null, codes('E45', 'E46', 'E47', 'E48'))) return false
        const hs = (ctx.byChild('Header').get(r['CHILD'] ?? '') ?? []).filter((h) => addYears(dob[h] as number, 18) < (dec[i] as number))
        header.push(...hs)
        return hs.length > 0
      })
      return { ...eps, Header: header }
    },
  }),
  rule({
    code: '384',
    message: 'A child receiving respite care cannot be in a long-term foster placement',
    tables: ['Episodes'],
    fields: ['PLACE', 'LS'],
    check: (ctx) => where(ctx, 'Episodes', (r) => isIn(r['LS'] ?? null, codes('V3', 'V4')) && isIn(r['PLACE'] ?? null, codes('U1', 'U4'))),
  }),
  rule({
    code: '426',
    message: 'A child receiving respite care cannot be recorded under a legal status of V3 and V4 in the same year.',
    tables: ['Episodes'],
    fields: ['LS'],
    check: (ctx) => {
      if (!ctx.has('Episodes')) return {}
      const rows = ctx.rows('Episodes')
      const out: number[] = []
      for (const list of ctx.byChild('Episodes').values()) {
        const v = list.filter((i) => isIn(rows[i]?.['LS'] ?? null, codes('V3', 'V4')))
        if (v.some((i) => rows[i]?.['LS'] === 'V3') && v.some((i) => rows[i]?.['LS'] === 'V4')) out.push(...v)
      }
      return { Episodes: out }
    },
  }),
  rule({
    code: '501',
    message: 'A new episode has started before the end date of the previous episode.',
    tables: ['Episodes'],
    fields: ['DECOM', 'DEC'],
    check: (ctx) => {
      const decom = ctx.dates('Episodes', 'DECOM')
      const dec = ctx.dates('Episodes', 'DEC')
      return where(ctx, 'Episodes', (_r, i) => {
        const p = sameChildPrevious(ctx, i)
        return p >= 0 && (decom[i] as number) < (dec[p] as number)
      })
    },
  }),
  rule({
    code: '431',
    message: 'The reason for new episode is started to be looked after, but the previous episode ended on the same day.',
    tables: ['Episodes'],
    fields: ['RNE', 'DECOM'],
    check: (ctx) => {
      const decom = ctx.dates('Episodes', 'DECOM')
      const dec = ctx.dates('Episodes', 'DEC')
      return where(ctx, 'Episodes', (r, i) => {
        const p = sameChildPrevious(ctx, i)
        return p >= 0 && r['RNE'] === 'S' && (decom[i] as number) <= (dec[p] as number)
      })
    },
  }),
  rule({
    code: '434',
    message: "Reason for new episode is that child's legal status has changed but not the placement, but this is not reflected in the episode data.",
    tables: ['Episodes'],
    fields: ['RNE', 'LS', 'PLACE', 'PL_POST', 'URN', 'PLACE_PROVIDER'],
    check: (ctx) => {
      const rows = ctx.rows('Episodes')
      return where(ctx, 'Episodes', (r, i) => {
        const p = sameChildPrevious(ctx, i)
        if (p < 0 || r['RNE'] !== 'L') return false
        const prev = rows[p] as Row
        // The legal status did not change, or the placement did (blanks compared as '').
        return (
          ((r['LS'] ?? null) !== null && r['LS'] === prev['LS']) || ['PLACE', 'PL_POST', 'URN', 'PLACE_PROVIDER'].some((c) => (r[c] ?? '') !== (prev[c] ?? ''))
        )
      })
    },
  }),
)

/** Compares day numbers with blanks (NaN) last, as pandas sorts. */
const byDate = (x: number, y: number): number => (Number.isNaN(x) ? (Number.isNaN(y) ? 0 : 1) : Number.isNaN(y) ? -1 : x - y)

episodeRules.push(
  rule({
    code: '460',
    message: 'Reason episode ceased is that child stayed with current carers at age 18 (or above), but child is aged under 18.',
    tables: ['Header', 'Episodes'],
    fields: ['DEC', 'REC'],
    check: (ctx) => {
      if (!ctx.has('Episodes', 'Header')) return {}
      const dec = ctx.dates('Episodes', 'DEC')
      const dob = ctx.dates('Header', 'DOB')
      const header = ctx.byChild('Header')
      return where(
        ctx,
        'Episodes',
        (r, i) => r['REC'] === 'E17' && (header.get(r['CHILD'] ?? '') ?? []).some((h) => addYears(dob[h] as number, 18) > (dec[i] as number)),
      )
    },
  }),
  rule({
    code: '386',
    message: 'Reason episode ceased is adopted but child has reached age 18.',
    tables: ['Header', 'Episodes'],
    fields: ['REC'],
    check: (ctx) => {
      if (!ctx.has('Episodes', 'Header')) return {}
      const dec = ctx.dates('Episodes', 'DEC')
      const dob = ctx.dates('Header', 'DOB')
      const header = ctx.byChild('Header')
      return where(
        ctx,
        'Episodes',
        (r, i) =>
          isIn(r['REC'] ?? null, codes('E11', 'E12')) && (header.get(r['CHILD'] ?? '') ?? []).some((h) => addYears(dob[h] as number, 18) <= (dec[i] as number)),
      )
    },
  }),
  rule({
    code: '199',
    message:
      'Episode information shows child has been previously adopted from care. [NOTE: This only tests the current and previous year data loaded into the tool]',
    tables: ['Episodes'],
    fields: ['CHILD'],
    check: (ctx) => {
      if (!ctx.has('Episodes')) return {}
      const rows = ctx.rows('Episodes')
      const decom = ctx.dates('Episodes', 'DECOM')
      const out: number[] = []
      // Every dated episode after the child's first adoption (REC E11/E12), last year's return's
      // included when given (the validator reads Episodes_last too): an episode of this year that
      // starts after an adoption episode of last year's started follows an adoption.
      const lastAdopted = new Map<string, number>()
      for (const l of ctx.previous?.Episodes?.rows ?? []) {
        const d = parseDmy(l['DECOM'] ?? null)
        const child = l['CHILD'] ?? null
        if (child === null || Number.isNaN(d) || !isIn(l['REC'] ?? null, ADOPTION)) continue
        if (d < (lastAdopted.get(child) ?? Infinity)) lastAdopted.set(child, d)
      }
      for (const [child, list] of episodesInOrder(ctx)) {
        const before = lastAdopted.get(child) ?? NaN
        let adopted = false
        for (const i of list) {
          if (Number.isNaN(decom[i])) continue
          if (adopted || (decom[i] as number) > before) out.push(i)
          else if (isIn(rows[i]?.['REC'] ?? null, ADOPTION)) adopted = true
        }
      }
      return { Episodes: out }
    },
  }),
  rule({
    code: '378',
    message: 'A child who is placed with parent(s) cannot be looked after under a single period of accommodation under Section 20 of the Children Act 1989.',
    tables: ['Episodes'],
    fields: ['PLACE', 'LS'],
    check: (ctx) => where(ctx, 'Episodes', (r) => r['PLACE'] === 'P1' && r['LS'] === 'V2'),
  }),
  rule({
    code: '377',
    message: 'Only two temporary placements coded as being due to holiday of usual foster carer(s) are allowed in any 12- month period.',
    tables: ['Episodes'],
    fields: ['PLACE'],
    check: (ctx) => {
      if (!ctx.has('Episodes')) return {}
      const rows = ctx.rows('Episodes')
      const out: number[] = []
      for (const list of ctx.byChild('Episodes').values()) {
        const t3 = list.filter((i) => rows[i]?.['PLACE'] === 'T3')
        if (t3.length > 2) out.push(...t3)
      }
      return { Episodes: out }
    },
  }),
  rule({
    code: '433',
    message:
      'The reason for new episode suggests that this is a continuation episode, but the episode does not start on the same day as the last episode finished.',
    tables: ['Episodes'],
    fields: ['RNE', 'DECOM'],
    check: (ctx) => {
      if (!ctx.has('Episodes')) return {}
      const rows = ctx.rows('Episodes')
      const decom = ctx.dates('Episodes', 'DECOM')
      const dec = ctx.dates('Episodes', 'DEC')
      const out: number[] = []
      for (const list of ctx.byChild('Episodes').values()) {
        // Date order by start, then end; the dates compared as written.
        const sorted = [...list].sort((a, b) => byDate(decom[a] as number, decom[b] as number) || byDate(dec[a] as number, dec[b] as number) || a - b)
        for (let k = 1; k < sorted.length; k++) {
          const r = rows[sorted[k] as number] as Row
          const prevDec = rows[sorted[k - 1] as number]?.['DEC'] ?? null
          const start = r['DECOM'] ?? null
          if (isIn(r['RNE'] ?? null, codes('P', 'L', 'T', 'U', 'B')) && (prevDec === null || start === null || prevDec !== start)) out.push(sorted[k] as number)
        }
      }
      return { Episodes: out }
    },
  }),
  rule({
    code: '142',
    message: 'A new episode has started, but the previous episode has not ended.',
    tables: ['Episodes'],
    fields: ['DEC', 'REC'],
    check: (ctx) => {
      if (!ctx.has('Episodes')) return {}
      const rows = ctx.rows('Episodes')
      const decom = ctx.dates('Episodes', 'DECOM')
      const out: number[] = []
      // Every dated episode but the child's last (in date order, undated last) must have ended.
      for (const list of episodesInOrder(ctx).values()) {
        for (let k = 0; k < list.length - 1; k++) {
          const i = list[k] as number
          const r = rows[i] as Row
          if (!Number.isNaN(decom[i]) && ((r['DEC'] ?? null) === null || (r['REC'] ?? null) === null)) out.push(i)
        }
      }
      return { Episodes: out }
    },
  }),
)

/** The first row of a child's rows with the least (or greatest) date, as pandas idxmin/idxmax; -1 if none dated. */
function extreme(list: readonly number[], dates: Float64Array, keep: (i: number) => boolean, latest: boolean): number {
  let best = -1
  for (const i of list) {
    const d = dates[i] as number
    if (!keep(i) || Number.isNaN(d)) continue
    if (best < 0 || (latest ? d > (dates[best] as number) : d < (dates[best] as number))) best = i
  }
  return best
}

/** 1003, 334: the child's first (or last) episode starting care, against a date of the adoption tables. */
const startedCareAfter = (spec: {
  code: string
  message: string
  other: 'PlacedAdoption' | 'AD1'
  column: string
  fields: readonly string[]
  latest: boolean
}): DfeRule =>
  rule({
    code: spec.code,
    message: spec.message,
    tables: ['Episodes', spec.other],
    fields: spec.fields,
    check: (ctx) => {
      if (!ctx.has('Episodes', spec.other)) return {}
      const rows = ctx.rows('Episodes')
      const decom = ctx.dates('Episodes', 'DECOM')
      const date = ctx.dates(spec.other, spec.column)
      const episodes: number[] = []
      const other: number[] = []
      for (const [child, list] of ctx.byChild('Episodes')) {
        const e = extreme(list, decom, (i) => rows[i]?.['RNE'] === 'S', spec.latest)
        if (e < 0) continue
        for (const o of ctx.byChild(spec.other).get(child) ?? []) {
          if ((date[o] as number) < (decom[e] as number)) {
            episodes.push(e)
            other.push(o)
          }
        }
      }
      return { Episodes: episodes, [spec.other]: other }
    },
  })

const CEASED_CARE = codes(
  'E2',
  'E3',
  'E4A',
  'E4B',
  'E5',
  'E6',
  'E7',
  'E8',
  'E9',
  'E11',
  'E12',
  'E13',
  'E14',
  'E15',
  'E16',
  'E17',
  'E41',
  'E45',
  'E46',
  'E47',
  'E48',
)

episodeRules.push(
  startedCareAfter({
    code: '1003',
    message: "Date of LA's decision that a child should be placed for adoption is before the child started to be looked after.",
    other: 'PlacedAdoption',
    column: 'DATE_PLACED',
    fields: ['DATE_PLACED', 'DECOM', 'RNE'],
    latest: false,
  }),
  startedCareAfter({
    code: '334',
    message: 'Date child started to be looked after in latest period of care must be on or prior to the date should be placed for adoption.',
    other: 'AD1',
    column: 'DATE_INT',
    fields: ['DATE_INT', 'DECOM', 'RNE'],
    latest: true,
  }),
  rule({
    code: '117',
    message:
      'Date of decision that a child should/should no longer be placed for adoption is beyond the current collection year or after the child ceased to be looked after.',
    tables: ['Episodes', 'PlacedAdoption'],
    fields: ['DATE_PLACED_CEASED', 'DATE_PLACED', 'DEC', 'REC', 'DECOM'],
    check: (ctx) => {
      if (!ctx.has('Episodes', 'PlacedAdoption')) return {}
      const rows = ctx.rows('Episodes')
      const decom = ctx.dates('Episodes', 'DECOM')
      const dec = ctx.dates('Episodes', 'DEC')
      const placed = ctx.dates('PlacedAdoption', 'DATE_PLACED')
      const ceased = ctx.dates('PlacedAdoption', 'DATE_PLACED_CEASED')
      const episodes: number[] = []
      const pa: number[] = []
      for (const [child, list] of ctx.byChild('Episodes')) {
        // The child's latest episode that did not end with X1 (an open one included).
        const e = extreme(list, decom, (i) => rows[i]?.['REC'] !== 'X1', true)
        if (e < 0) continue
        const end = dec[e] as number
        for (const p of ctx.byChild('PlacedAdoption').get(child) ?? []) {
          const d = placed[p] as number
          const c = ceased[p] as number
          if (d > ctx.end || d > end || c > ctx.end || c > end) {
            episodes.push(e)
            pa.push(p)
          }
        }
      }
      return { Episodes: episodes, PlacedAdoption: pa }
    },
  }),
  rule({
    code: '432',
    message: 'The child ceased to be looked after at the end of the previous episode but the reason for the new episode is not started to be looked after.',
    tables: ['Episodes'],
    fields: ['RNE'],
    check: (ctx) => {
      const rows = ctx.rows('Episodes')
      return where(ctx, 'Episodes', (r, i) => {
        const p = sameChildPrevious(ctx, i)
        return p >= 0 && isIn(rows[p]?.['REC'] ?? null, CEASED_CARE) && ne(r['RNE'] ?? null, 'S')
      })
    },
  }),
  rule({
    code: '435',
    message: 'Reason for new episode is that child’s placement has changed but not the legal status, but this is not reflected in the episode data recorded.',
    tables: ['Episodes'],
    fields: ['LS', 'PLACE', 'PL_POST', 'URN', 'PLACE_PROVIDER'],
    check: (ctx) => {
      const rows = ctx.rows('Episodes')
      return where(ctx, 'Episodes', (r, i) => {
        const p = sameChildPrevious(ctx, i)
        if (p < 0 || !isIn(r['RNE'] ?? null, codes('P', 'T'))) return false
        const prev = rows[p] as Row
        // The legal status changed, or the placement did not (blanks never equal).
        return ne(r['LS'] ?? null, prev['LS'] ?? null) || ['PLACE', 'PL_POST', 'URN', 'PLACE_PROVIDER'].every((c) => eq(r[c] ?? null, prev[c] ?? null))
      })
    },
  }),
  rule({
    code: '436',
    message: 'Reason for new episode is that both child’s placement and legal status have changed, but this is not reflected in the episode data.',
    tables: ['Episodes'],
    fields: ['RNE', 'LS', 'PLACE', 'PL_POST', 'URN', 'PLACE_PROVIDER'],
    check: (ctx) => {
      const rows = ctx.rows('Episodes')
      // Blanks compare equal here: the validator fills them with '*' first.
      const same = (a: Row, b: Row, c: string): boolean => (a[c] ?? '*') === (b[c] ?? '*')
      return where(ctx, 'Episodes', (r, i) => {
        const p = sameChildPrevious(ctx, i)
        if (p < 0 || !isIn(r['RNE'] ?? null, codes('U', 'B'))) return false
        const prev = rows[p] as Row
        return same(r, prev, 'LS') || ['PLACE', 'PL_POST', 'URN', 'PLACE_PROVIDER'].every((c) => same(r, prev, c))
      })
    },
  }),
  rule({
    code: '437',
    message: 'Reason episode ceased is child has died or is aged 18 or over but there are further episodes.',
    tables: ['Episodes'],
    fields: ['REC'],
    check: (ctx) => {
      if (!ctx.has('Episodes')) return {}
      const rows = ctx.rows('Episodes')
      const decom = ctx.dates('Episodes', 'DECOM')
      const out: number[] = []
      for (const list of episodesInOrder(ctx).values()) {
        for (let k = 0; k < list.length - 1; k++) {
          const i = list[k] as number
          if (!Number.isNaN(decom[i]) && isIn(rows[i]?.['REC'] ?? null, codes('E2', 'E15'))) out.push(i)
        }
      }
      return { Episodes: out }
    },
  }),
  rule({
    code: '225',
    message: 'Reason for placement change must be recorded.',
    tables: ['Episodes'],
    fields: ['REASON_PLACE_CHANGE'],
    check: (ctx) => {
      if (!ctx.has('Episodes')) return {}
      const rows = ctx.rows('Episodes')
      const out: number[] = []
      for (const list of episodesInOrder(ctx).values()) {
        for (let k = 0; k < list.length - 1; k++) {
          const r = rows[list[k] as number] as Row
          const next = rows[list[k + 1] as number] as Row
          if (
            r['REC'] === 'X1' &&
            (r['REASON_PLACE_CHANGE'] ?? null) === null &&
            !isIn(r['PLACE'] ?? null, T_PLACEMENTS) &&
            isIn(next['RNE'] ?? null, codes('P', 'B', 'T', 'U')) &&
            !isIn(next['PLACE'] ?? null, T_PLACEMENTS)
          )
            out.push(list[k] as number)
        }
      }
      return { Episodes: out }
    },
  }),
  rule({
    code: '392b',
    message:
      'Child is looked after but no postcodes are recorded. [NOTE: This check may result in false positives for children formerly UASC, particularly if current & prior year UASC data not loaded]',
    tables: ['Episodes'],
    fields: ['HOME_POST', 'PL_POST'],
    check: (ctx) => {
      // UASC children (in the UASC table; with a header, those the header has too) need no postcodes.
      const uasc = new Set<string>()
      if (ctx.has('Header')) {
        for (const child of ctx.byChild('Header').keys()) if (ctx.byChild('UASC').has(child)) uasc.add(child)
      } else {
        for (const r of ctx.rows('UASC')) if (['SEX', 'DOB', 'DUC'].some((c) => (r[c] ?? null) !== null)) uasc.add(r['CHILD'] ?? '')
      }
      return where(
        ctx,
        'Episodes',
        (r) =>
          !uasc.has(r['CHILD'] ?? '') && !isIn(r['LS'] ?? null, codes('V3', 'V4')) && ((r['HOME_POST'] ?? null) === null || (r['PL_POST'] ?? null) === null),
      )
    },
  }),
  rule({
    code: '146',
    message: 'Placement type code is not a valid code.',
    tables: ['Episodes'],
    fields: ['PLACE'],
    // The year's placement codes (the service's code lists, as the DfE's). The validator's 2024-25
    // list has 'k3' in lower case, so flags K3 wrongly; the service does not copy that.
    check: (ctx) => where(ctx, 'Episodes', (r) => (r['PLACE'] ?? null) !== null && !isValidCodeInYear('placementType', r['PLACE'] ?? '', ctx.year)),
  }),
  rule({
    code: '234',
    message: 'A child aged under 10 can not change placement due to being admitted to custody',
    tables: ['Episodes', 'Header'],
    fields: ['REASON_PLACE_CHANGE', 'DOB'],
    from: 2026,
    check: (ctx) => {
      if (!ctx.has('Episodes', 'Header')) return {}
      const decom = ctx.dates('Episodes', 'DECOM')
      const dob = ctx.dates('Header', 'DOB')
      const header: number[] = []
      const eps = where(ctx, 'Episodes', (r, i) => {
        if (r['REASON_PLACE_CHANGE'] !== 'CUSTOD') return false
        const hs = (ctx.byChild('Header').get(r['CHILD'] ?? '') ?? []).filter((h) => addYears(dob[h] as number, 10) > (decom[i] as number))
        header.push(...hs)
        return hs.length > 0
      })
      return { ...eps, Header: header }
    },
  }),
)

episodeRules.push(
  rule({
    code: '335',
    message:
      'The current foster value (0) suggests that child is not adopted by current foster carer, but last placement is A2, A3, or A5. Or the current foster value (1) suggests that child is adopted by current foster carer, but last placement is A1, A4 or A6.',
    tables: ['Episodes', 'AD1'],
    fields: ['PLACE', 'FOSTER_CARE'],
    check: (ctx) => {
      if (!ctx.has('Episodes', 'AD1')) return {}
      const ad1 = ctx.rows('AD1')
      const flagged: number[] = []
      const eps = where(ctx, 'Episodes', (r) => {
        if (!isIn(r['REC'] ?? null, codes('E1', 'E11', 'E12'))) return false
        const place = r['PLACE'] ?? null
        const hits = (ctx.byChild('AD1').get(r['CHILD'] ?? '') ?? []).filter((a) => {
          const fc = ad1[a]?.['FOSTER_CARE'] ?? null
          return (isIn(place, codes('A2', 'A3', 'A5')) && fc === '0') || (isIn(place, codes('A1', 'A4', 'A6')) && fc === '1')
        })
        flagged.push(...hits)
        return hits.length > 0
      })
      return { ...eps, AD1: flagged }
    },
  }),
  rule({
    code: '352',
    message: 'Child who started to be looked after was aged 18 or over.',
    tables: ['Header', 'Episodes'],
    fields: ['DECOM', 'RNE'],
    check: (ctx) => {
      if (!ctx.has('Header', 'Episodes')) return {}
      const decom = ctx.dates('Episodes', 'DECOM')
      const dob = ctx.dates('Header', 'DOB')
      const header = ctx.byChild('Header')
      return where(
        ctx,
        'Episodes',
        (r, i) => r['RNE'] === 'S' && (header.get(r['CHILD'] ?? '') ?? []).some((h) => addYears(dob[h] as number, 18) <= (decom[i] as number)),
      )
    },
  }),
  rule({
    code: '353',
    message: 'No episode submitted can start before 14 October 1991.',
    tables: ['Episodes'],
    fields: ['DECOM'],
    check: (ctx) => {
      const decom = ctx.dates('Episodes', 'DECOM')
      const first = dayOf(1991, 10, 14)
      return where(ctx, 'Episodes', (_r, i) => (decom[i] as number) < first)
    },
  }),
  rule({
    code: '354',
    message: 'Date episode ceased must be on or before the end of the current collection year.',
    tables: ['Episodes'],
    fields: ['DECOM'],
    // The DfE's message says "ceased"; its check, and so the service's, is on the start (DECOM).
    check: (ctx) => {
      const decom = ctx.dates('Episodes', 'DECOM')
      return where(ctx, 'Episodes', (_r, i) => (decom[i] as number) > ctx.end)
    },
  }),
  rule({
    code: '355',
    message: 'Episode appears to have lasted for less than 24 hours',
    tables: ['Episodes'],
    fields: ['DECOM', 'DEC'],
    // The same text in both (two blanks are the same to the DfE tool too).
    check: (ctx) => where(ctx, 'Episodes', (r) => (r['DECOM'] ?? null) === (r['DEC'] ?? null)),
  }),
  rule({
    code: '356',
    message: 'The date the episode ceased is before the date the same episode started.',
    tables: ['Episodes'],
    fields: ['DECOM'],
    check: (ctx) => {
      const decom = ctx.dates('Episodes', 'DECOM')
      const dec = ctx.dates('Episodes', 'DEC')
      return where(ctx, 'Episodes', (_r, i) => (dec[i] as number) < (decom[i] as number))
    },
  }),
)

episodeRules.push(
  rule({
    code: '357',
    message:
      'If this is the first episode ever for this child, reason for new episode must be S.  Check whether there is an episode immediately preceding this one, which has been left out.  If not the reason for new episode code must be amended to S.',
    tables: ['Episodes'],
    fields: ['RNE'],
    check: (ctx) => {
      if (!ctx.has('Episodes')) return {}
      const rows = ctx.rows('Episodes')
      const decom = ctx.dates('Episodes', 'DECOM')
      const out: number[] = []
      // The child's first dated episode, when it starts in the year: the return holds the child's first.
      for (const list of ctx.byChild('Episodes').values()) {
        const first = extreme(list, decom, () => true, false)
        if (first >= 0 && (decom[first] as number) >= ctx.start && ne(rows[first]?.['RNE'] ?? null, 'S')) out.push(first)
      }
      return { Episodes: out }
    },
  }),
  rule({
    code: '385',
    message: 'Date episode ceased must be on or before the end of the current collection year.',
    tables: ['Episodes'],
    fields: ['DEC'],
    check: (ctx) => {
      const dec = ctx.dates('Episodes', 'DEC')
      return where(ctx, 'Episodes', (_r, i) => (dec[i] as number) > ctx.end)
    },
  }),
  rule({
    code: '446',
    message: 'E1 is not a valid code for episodes starting before December 2005.',
    tables: ['Episodes'],
    fields: ['LS', 'DECOM'],
    check: (ctx) => {
      const decom = ctx.dates('Episodes', 'DECOM')
      const from = dayOf(2005, 12, 1)
      return where(ctx, 'Episodes', (r, i) => r['LS'] === 'E1' && (decom[i] as number) < from)
    },
  }),
)
