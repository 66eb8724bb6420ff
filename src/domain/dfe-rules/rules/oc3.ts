/** OC3 rules: care leavers at their 17th to 21st birthdays. */
import { addYears } from '../dates.ts'
import { codes, isIn, rowsOrNone, rowAt, rule, where } from '../shared.ts'
import type { DfeRule, Row } from '../types.ts'

const ACTIV = codes('F1', 'P1', 'F2', 'P2', 'F4', 'P4', 'F5', 'P5', 'G4', 'G5', 'G6', '0')
// prettier-ignore
const ACCOM = codes('B1', 'B2', 'C1', 'C2', 'D1', 'D2', 'E1', 'E2', 'G1', 'G2', 'H1', 'H2', 'K1', 'K2', 'R1', 'R2', 'S2', 'T1', 'T2',
  'U1', 'U2', 'V1', 'V2', 'W1', 'W2', 'X2', 'Y1', 'Y2', 'Z1', 'Z2', '0')

export const anyOc3 = (r: Row): boolean => (r['IN_TOUCH'] ?? null) !== null || (r['ACTIV'] ?? null) !== null || (r['ACCOM'] ?? null) !== null

export const oc3Rules: DfeRule[] = [
  // A blank activity or accommodation is not a valid code either: the validator flags it.
  rule({
    code: '132',
    message: 'Data entry for activity after leaving care is invalid.',
    tables: ['OC3'],
    fields: ['ACTIV'],
    check: (ctx) => where(ctx, 'OC3', (r) => !isIn(r['ACTIV'] ?? null, ACTIV)),
  }),
  rule({
    code: '133',
    message:
      'Data entry for accommodation after leaving care is invalid. If reporting on a childs accommodation after leaving care the data entry must be valid',
    tables: ['OC3'],
    fields: ['ACCOM'],
    check: (ctx) => where(ctx, 'OC3', (r) => !isIn(r['ACCOM'] ?? null, ACCOM)),
  }),
  rule({
    code: '344',
    message:
      'The record shows the young person has died or returned home to live with parent(s) or someone with parental responsibility for a continuous period of 6 months or more, but activity and/or accommodation on leaving care have been completed.',
    tables: ['OC3'],
    fields: ['IN_TOUCH', 'ACTIV', 'ACCOM'],
    check: (ctx) => where(ctx, 'OC3', (r) => (r['IN_TOUCH'] === 'DIED' || r['IN_TOUCH'] === 'RHOM') && (r['ACTIV'] !== '0' || r['ACCOM'] !== '0')),
  }),
  rule({
    code: '1014',
    message: 'UASC information is not required for care leavers',
    tables: ['Episodes', 'UASC', 'OC3'],
    fields: ['ACTIV', 'ACCOM', 'IN_TOUCH', 'DUC'],
    check: (ctx) => {
      if (!ctx.has('UASC', 'Episodes', 'OC3')) return {}
      const decom = ctx.dates('Episodes', 'DECOM')
      const dec = ctx.dates('Episodes', 'DEC')
      const uasc: number[] = []
      const oc3: number[] = []
      for (const [child, eps] of ctx.byChild('Episodes')) {
        const uascRows = ctx.byChild('UASC').get(child)
        if (uascRows === undefined) continue
        const inYear = eps.some((i) => {
          const s = decom[i] as number
          const e = dec[i] as number
          return (e >= ctx.start && s <= ctx.end) || (s <= ctx.end && Number.isNaN(e))
        })
        if (inYear) continue
        for (const o of rowsOrNone(ctx, 'OC3', child)) {
          if (!anyOc3(rowAt(ctx, 'OC3', o))) continue
          uasc.push(...uascRows)
          oc3.push(o)
        }
      }
      return { UASC: uasc, OC3: oc3 }
    },
  }),
]

oc3Rules.push(
  rule({
    code: '345',
    message: 'The data collection record shows the local authority is in touch with this young person, but activity and/or accommodation data items are zero.',
    tables: ['OC3'],
    fields: ['IN_TOUCH', 'ACTIV', 'ACCOM'],
    check: (ctx) => where(ctx, 'OC3', (r) => r['IN_TOUCH'] === 'YES' && (r['ACTIV'] === '0' || r['ACCOM'] === '0')),
  }),
)

oc3Rules.push(
  rule({
    code: '391',
    message: 'Young person was not 17, 18, 19, 20 or 21 during the current collection year.',
    tables: ['OC3'],
    fields: ['DOB', 'IN_TOUCH', 'ACTIV', 'ACCOM'],
    check: (ctx) => {
      const dob = ctx.dates('OC3', 'DOB')
      return where(ctx, 'OC3', (r, i) => addYears(dob[i] as number, 17) > ctx.end && anyOc3(r))
    },
  }),
)
