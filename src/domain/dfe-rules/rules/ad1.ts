/** AD1 rules: children adopted during the year (the adopters' number, sex and legal status). */
import { codes, isIn, rule, where } from '../shared.ts'
import type { DfeRule } from '../types.ts'

export const ADOPTION_FIELDS = ['DATE_INT', 'DATE_MATCH', 'FOSTER_CARE', 'NB_ADOPTR', 'SEX_ADOPTR', 'LS_ADOPTR'] as const

const adopters = (code: string, message: string, ls: string, allowed: ReadonlySet<string>): ReturnType<typeof rule> =>
  rule({
    code,
    message,
    tables: ['AD1'],
    fields: ['LS_ADOPTR', 'SEX_ADOPTR'],
    check: (ctx) => where(ctx, 'AD1', (r) => r['LS_ADOPTR'] === ls && !isIn(r['SEX_ADOPTR'] ?? null, allowed)),
  })

export const ad1Rules: DfeRule[] = [
  adopters(
    '520',
    'Data entry on the legal status of adopters shows different gender married couple but data entry on genders of adopters shows it as a same gender couple.',
    'L11',
    codes('MF'),
  ),
  adopters(
    '517',
    'If reporting legal status of adopters is L3 then the genders of adopters should be coded as MF. MF = the adopting couple are male and female.',
    'L3',
    codes('MF'),
  ),
  adopters(
    '518',
    'If reporting legal status of adopters is L4 then the genders of adopters should be coded as MM or FF. MM = the adopting couple are both males. FF = the adopting couple are both females.',
    'L4',
    codes('MM', 'FF'),
  ),
  adopters(
    '519',
    'Data entered on the legal status of adopters shows civil partnership couple, but data entered on genders of adopters does not show it as a couple.',
    'L2',
    codes('MM', 'FF', 'MF'),
  ),
  adopters(
    '524',
    'If reporting legal status of adopters is L12 then the genders of adopters should be coded as MM or FF. MM = the adopting couple are both males. FF = the adopting couple are both females',
    'L12',
    codes('MM', 'FF'),
  ),
  adopters(
    '514',
    'Data entry on the legal status of adopters shows a single adopter but data entry for the numbers of adopters shows it as a couple.',
    'L0',
    codes('M1', 'F1'),
  ),
  rule({
    code: '511',
    message:
      'If reporting that the number of person(s) adopting the looked after child is two adopters then the code should only be MM, FF or MF. MM = the adopting couple are both males; FF = the adopting couple are both females; MF = The adopting couple are male and female.',
    tables: ['AD1'],
    fields: ['NB_ADOPTR', 'SEX_ADOPTR'],
    check: (ctx) => where(ctx, 'AD1', (r) => r['NB_ADOPTR'] === '2' && isIn(r['SEX_ADOPTR'] ?? null, codes('M1', 'F1'))),
  }),
  rule({
    code: '602',
    message: 'The episode data submitted for this child does not show that he/she was adopted during the year.',
    tables: ['Episodes', 'AD1'],
    fields: ['CHILD'],
    check: (ctx) => {
      if (!ctx.has('Episodes', 'AD1')) return {}
      const eps = ctx.rows('Episodes')
      const dec = ctx.dates('Episodes', 'DEC')
      const adopted = new Set<string>()
      for (let i = 0; i < eps.length; i++) {
        const d = dec[i] as number
        const r = eps[i]
        if (d <= ctx.end && d >= ctx.start && isIn(r?.['REC'] ?? null, codes('E11', 'E12'))) adopted.add(r?.['CHILD'] ?? '')
      }
      return where(ctx, 'AD1', (r) => !adopted.has(r['CHILD'] ?? '') && ADOPTION_FIELDS.some((f) => (r[f] ?? null) !== null))
    },
  }),
]
