/** OC2 rules: outcomes of children looked after continuously for 12 months at 31 March. */
import { addYears } from '../dates.ts'
import { continuouslyLookedAfter, rule, where } from '../shared.ts'
import type { DfeRule, Row } from '../types.ts'

const OC2_ITEMS = [
  'CONVICTED',
  'HEALTH_CHECK',
  'IMMUNISATIONS',
  'TEETH_CHECK',
  'HEALTH_ASSESSMENT',
  'SUBSTANCE_MISUSE',
  'INTERVENTION_RECEIVED',
  'INTERVENTION_OFFERED',
] as const

const anyGiven = (r: Row, cols: readonly string[]): boolean => cols.some((c) => (r[c] ?? null) !== null)

const notCla = (message: string, code: string, fields: readonly string[]): DfeRule =>
  rule({
    code,
    message,
    tables: ['OC2', 'Episodes'],
    fields,
    check: (ctx) => {
      if (!ctx.has('OC2', 'Episodes')) return {}
      const cla = continuouslyLookedAfter(ctx)
      return where(ctx, 'OC2', (r) => anyGiven(r, fields) && !cla.has(r['CHILD'] ?? ''))
    },
  })

export const oc2Rules: DfeRule[] = [
  notCla(
    'Child has not been looked after continuously for at least 12 months at 31 March but one or more data items relating to children looked after for 12 months have been completed.',
    '190',
    OC2_ITEMS,
  ),
  notCla(
    'Child has not been looked after continuously for at least 12 months at 31 March but a Strengths and Difficulties (SDQ) score has been completed.',
    '185',
    ['SDQ_SCORE'],
  ),
  notCla(
    'Child has not been looked after continuously for at least 12 months at 31 March but a reason for no Strengths and Difficulties (SDQ) score has been completed.',
    '198',
    ['SDQ_REASON'],
  ),
  rule({
    code: '158',
    message:
      'If a child has been recorded as receiving an intervention for their substance misuse problem, then the additional item on whether an intervention was offered should be left blank.',
    tables: ['OC2'],
    fields: ['INTERVENTION_RECEIVED', 'INTERVENTION_OFFERED'],
    check: (ctx) => where(ctx, 'OC2', (r) => r['INTERVENTION_RECEIVED'] === '1' && (r['INTERVENTION_OFFERED'] ?? null) !== null),
  }),
  rule({
    code: '193',
    message:
      'Child not identified as having a substance misuse problem but at least one of the two additional items on whether an intervention were offered and received have been completed.',
    tables: ['OC2'],
    fields: ['SUBSTANCE_MISUSE', 'INTERVENTION_RECEIVED', 'INTERVENTION_OFFERED'],
    check: (ctx) =>
      where(
        ctx,
        'OC2',
        (r) => ((r['SUBSTANCE_MISUSE'] ?? null) === null || r['SUBSTANCE_MISUSE'] === '0') && anyGiven(r, ['INTERVENTION_RECEIVED', 'INTERVENTION_OFFERED']),
      ),
  }),
  rule({
    code: '189',
    message:
      'Child is aged 17 years or over at the beginning of the year, but an Strengths and Difficulties (SDQ) score or a reason for no Strengths and Difficulties (SDQ) score has been completed.',
    tables: ['OC2'],
    fields: ['DOB', 'SDQ_SCORE', 'SDQ_REASON'],
    check: (ctx) => {
      const dob = ctx.dates('OC2', 'DOB')
      return where(ctx, 'OC2', (r, i) => addYears(dob[i] as number, 17) < ctx.start && anyGiven(r, ['SDQ_REASON', 'SDQ_SCORE']))
    },
  }),
  rule({
    code: '546',
    message: 'Children aged 5 or over at 31 March should not have health promotion information completed.',
    tables: ['Episodes', 'OC2'],
    fields: ['DOB', 'HEALTH_CHECK'],
    check: (ctx) => {
      if (!ctx.has('OC2', 'Episodes')) return {}
      const cla = continuouslyLookedAfter(ctx)
      const dob = ctx.dates('OC2', 'DOB')
      return where(ctx, 'OC2', (r, i) => ctx.end >= addYears(dob[i] as number, 5) && cla.has(r['CHILD'] ?? '') && (r['HEALTH_CHECK'] ?? null) !== null)
    },
  }),
  rule({
    code: '157',
    message:
      'Child is aged 4 years or over at the beginning of the year or 16 years or under at the end of the year and Strengths and Difficulties Questionnaire (SDQ) 1 has been recorded as the reason for no Strengths and Difficulties Questionnaire (SDQ) score.',
    tables: ['OC2', 'Episodes'],
    fields: ['SDQ_REASON', 'DOB'],
    check: (ctx) => {
      if (!ctx.has('OC2', 'Episodes')) return {}
      const cla = continuouslyLookedAfter(ctx)
      const dob = ctx.dates('OC2', 'DOB')
      return where(ctx, 'OC2', (r, i) => {
        const d = dob[i] as number
        return (
          cla.has(r['CHILD'] ?? '') &&
          addYears(d, 4) <= ctx.start &&
          addYears(d, 16) >= ctx.end &&
          (r['SDQ_SCORE'] ?? null) === null &&
          r['SDQ_REASON'] === 'SDQ1'
        )
      })
    },
  }),
]

export { OC2_ITEMS }

const SDQ_REASONS = new Set(['SDQ1', 'SDQ2', 'SDQ3', 'SDQ4', 'SDQ5'])
const CORE_ITEMS = ['IMMUNISATIONS', 'TEETH_CHECK', 'HEALTH_ASSESSMENT', 'SUBSTANCE_MISUSE'] as const

oc2Rules.push(
  rule({
    code: '186',
    message:
      'Children aged 4 or over at the start of the year and children aged under 17 at the end of the year and who have been looked after for at least 12 months continuously should have a Strengths and Difficulties (SDQ) score completed.',
    tables: ['OC2', 'Episodes'],
    fields: ['SDQ_SCORE'],
    check: (ctx) => {
      if (!ctx.has('OC2', 'Episodes')) return {}
      const cla = continuouslyLookedAfter(ctx)
      const dob = ctx.dates('OC2', 'DOB')
      return where(ctx, 'OC2', (r, i) => {
        const d = dob[i] as number
        return addYears(d, 4) <= ctx.start && addYears(d, 17) > ctx.end && cla.has(r['CHILD'] ?? '') && !anyGiven(r, ['SDQ_SCORE', 'SDQ_REASON'])
      })
    },
  }),
  rule({
    code: '188',
    message:
      'Child is aged under 4 years at the end of the year, but a Strengths and Difficulties (SDQ) score or a reason for no SDQ score has been completed.',
    tables: ['OC2'],
    fields: ['SDQ_SCORE', 'SDQ_REASON'],
    check: (ctx) => {
      const dob = ctx.dates('OC2', 'DOB')
      return where(ctx, 'OC2', (r, i) => addYears(dob[i] as number, 4) > ctx.end && anyGiven(r, ['SDQ_SCORE', 'SDQ_REASON']))
    },
  }),
  rule({
    code: '191',
    message:
      'Child has been looked after continuously for at least 12 months at 31 March but one or more data items relating to children looked after for 12 months have been left blank.',
    tables: ['OC2', 'Episodes'],
    fields: [...CORE_ITEMS, 'CHILD'],
    check: (ctx) => {
      if (!ctx.has('OC2', 'Episodes')) return {}
      const cla = continuouslyLookedAfter(ctx)
      const oc2 = where(ctx, 'OC2', (r) => cla.has(r['CHILD'] ?? '') && CORE_ITEMS.some((c) => (r[c] ?? null) === null))
      // A child looked after continuously with no OC2 row: its first episode is flagged.
      const decom = ctx.dates('Episodes', 'DECOM')
      const withOc2 = ctx.byChild('OC2')
      const episodes: number[] = []
      for (const [child, list] of ctx.byChild('Episodes')) {
        if (!cla.has(child) || withOc2.has(child)) continue
        let first = -1
        for (const i of list) if (!Number.isNaN(decom[i]) && (first < 0 || (decom[i] as number) < (decom[first] as number))) first = i
        if (first >= 0) episodes.push(first)
      }
      return { ...oc2, Episodes: episodes }
    },
  }),
  rule({
    code: '192',
    message:
      'Child has been identified as having a substance misuse problem but the additional item on whether an intervention was received has been left blank.',
    tables: ['OC2'],
    fields: ['SUBSTANCE_MISUSE', 'INTERVENTION_RECEIVED'],
    check: (ctx) => where(ctx, 'OC2', (r) => r['SUBSTANCE_MISUSE'] === '1' && (r['INTERVENTION_RECEIVED'] ?? null) === null),
  }),
  rule({
    code: '196',
    message: 'Strengths and Difficulties (SDQ) reason is not a valid code.',
    tables: ['OC2'],
    fields: ['SDQ_REASON'],
    check: (ctx) => where(ctx, 'OC2', (r) => (r['SDQ_REASON'] ?? null) !== null && !SDQ_REASONS.has(r['SDQ_REASON'] ?? '')),
  }),
  rule({
    code: '197B',
    message: 'SDQ score or reason for no SDQ should be reported for 4- or 17-year-olds.',
    tables: ['OC2', 'Episodes'],
    fields: ['SDQ_REASON', 'DOB'],
    check: (ctx) => {
      if (!ctx.has('OC2', 'Episodes')) return {}
      const cla = continuouslyLookedAfter(ctx)
      const dob = ctx.dates('OC2', 'DOB')
      const within = (d: number): boolean => d >= ctx.start && d <= ctx.end
      return where(ctx, 'OC2', (r, i) => {
        const d = dob[i] as number
        return (within(addYears(d, 4)) || within(addYears(d, 17))) && cla.has(r['CHILD'] ?? '') && !anyGiven(r, ['SDQ_SCORE', 'SDQ_REASON'])
      })
    },
  }),
  rule({
    code: '197a',
    message: 'Reason for no Strengths and Difficulties (SDQ) score is not required if Strengths and Difficulties Questionnaire score is filled in.',
    tables: ['OC2'],
    fields: ['SDQ_SCORE', 'SDQ_REASON'],
    check: (ctx) => where(ctx, 'OC2', (r) => (r['SDQ_SCORE'] ?? null) !== null && (r['SDQ_REASON'] ?? null) !== null),
  }),
)

/** OC2 rules by age at 31 March, for children looked after continuously where `cla`. */
const byAge = (code: string, message: string, fields: readonly string[], test: (r: Row, dob: number, end: number, cla: boolean) => boolean): DfeRule =>
  rule({
    code,
    message,
    tables: ['OC2', 'Episodes'],
    fields,
    check: (ctx) => {
      if (!ctx.has('OC2', 'Episodes')) return {}
      const cla = continuouslyLookedAfter(ctx)
      const dob = ctx.dates('OC2', 'DOB')
      return where(ctx, 'OC2', (r, i) => test(r, dob[i] as number, ctx.end, cla.has(r['CHILD'] ?? '')))
    },
  })

oc2Rules.push(
  rule({
    code: '542',
    message: 'A child aged under 10 at 31 March should not have conviction information completed.',
    tables: ['OC2'],
    fields: ['CONVICTED'],
    check: (ctx) => {
      const dob = ctx.dates('OC2', 'DOB')
      return where(ctx, 'OC2', (r, i) => addYears(dob[i] as number, 10) > ctx.end && (r['CONVICTED'] ?? null) !== null)
    },
  }),
  byAge(
    '543',
    'Child is aged 10 or over at 31 March and has been looked after continuously for 12 months yet conviction information has not been completed.',
    ['DOB', 'CONVICTED'],
    (r, dob, end, cla) => end > addYears(dob, 10) && cla && (r['CONVICTED'] ?? null) === null,
  ),
  rule({
    code: '544',
    message:
      'Any child who has conviction information completed must also have immunisation, teeth check, health assessment and substance misuse problem identified fields completed.',
    tables: ['OC2'],
    fields: ['CONVICTED', ...CORE_ITEMS],
    check: (ctx) => where(ctx, 'OC2', (r) => r['CONVICTED'] === '1' && CORE_ITEMS.some((c) => (r[c] ?? null) === null)),
  }),
  byAge(
    '545',
    'Child is aged under 5 at 31 March and has been looked after continuously for 12 months yet health promotion information has not been completed.',
    ['DOB', 'HEALTH_CHECK'],
    (r, dob, end, cla) => end < addYears(dob, 5) && cla && (r['HEALTH_CHECK'] ?? null) === null,
  ),
)

oc2Rules.push(
  rule({
    code: '547',
    message:
      'Any child who has health promotion information completed must also have immunisation, teeth check, health assessment and substance misuse problem identified fields completed.',
    tables: ['OC2'],
    fields: ['HEALTH_CHECK', ...CORE_ITEMS],
    check: (ctx) => where(ctx, 'OC2', (r) => r['HEALTH_CHECK'] === '1' && CORE_ITEMS.some((c) => (r[c] ?? null) === null)),
  }),
)
