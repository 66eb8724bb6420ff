import t from 'tap'
import {
  ADOPTION_PLACEMENTS,
  allCodes,
  codeFields,
  codeList,
  type CodeField,
  describeCode,
  EARLIEST_COLLECTION_YEAR,
  EET_ACTIVITIES,
  FOSTER_PLACEMENTS,
  isCodeField,
  isValidCode,
  isValidCodeInYear,
  NO_PROVIDER_PLACEMENTS,
  normaliseCode,
  NOT_CARE_LEAVER_REASONS,
  SHORT_BREAK_LEGAL_STATUSES,
  TEMPORARY_PLACEMENTS,
} from '../../src/domain/code-lists/index.ts'

const codes = (field: CodeField, year: number): string[] => codeList(field, year).map((e) => e.code)

t.test('the fields', async (t) => {
  t.same([...codeFields].sort(), [
    'accommodation',
    'activity',
    'categoryOfNeed',
    'ethnicity',
    'inTouch',
    'legalStatus',
    'missingType',
    'placementProvider',
    'placementType',
    'reasonEnded',
    'reasonNewEpisode',
    'reasonPlaceChange',
    'reviewCode',
    'sdqReason',
    'sex',
  ])
  t.ok(isCodeField('placementType'))
  t.notOk(isCodeField('toString'), 'not fooled by Object.prototype')
  t.notOk(isCodeField('PLACE'))
  t.throws(() => codeList('PLACE' as CodeField, 2025), RangeError)
})

t.test('every field has a non-empty list with descriptions in every year', async (t) => {
  for (const field of codeFields) {
    for (let year = EARLIEST_COLLECTION_YEAR - 2; year <= 2030; year++) {
      const list = codeList(field, year)
      t.ok(list.length > 0, `${field} ${year}`)
      t.ok(
        list.every((e) => e.description.trim().length > 3),
        `${field} ${year} descriptions`,
      )
      t.equal(new Set(list.map((e) => e.code)).size, list.length, `${field} ${year} unique`)
    }
    for (const def of allCodes(field)) {
      t.equal(normaliseCode(def.code), def.code, `${field} ${def.code} is stored normalised`)
      t.ok(def.validFrom === null || def.validTo === null || def.validFrom <= def.validTo)
    }
  }
})

t.test('placement type by year', async (t) => {
  const base = [
    'A3',
    'A4',
    'A5',
    'A6',
    'H5',
    'K1',
    'K2',
    'P1',
    'P2',
    'P3',
    'R1',
    'R2',
    'R3',
    'R5',
    'S1',
    'T0',
    'T1',
    'T2',
    'T3',
    'T4',
    'U1',
    'U2',
    'U3',
    'U4',
    'U5',
    'U6',
    'Z1',
  ]
  t.same(codes('placementType', 2024).sort(), [...base].sort(), '2023-24 (validator lac2022_23 rule 146)')
  t.same(codes('placementType', 2025).sort(), [...base, 'K3'].sort(), '2024-25 adds K3')
  t.same(
    codes('placementType', 2026).sort(),
    [
      'A3',
      'A4',
      'A5',
      'A6',
      'K1',
      'K2',
      'K3',
      'P1',
      'P3',
      'R1',
      'R2',
      'R3',
      'R5',
      'S1',
      'T0',
      'T1',
      'T2',
      'T3',
      'T4',
      'U1',
      'U2',
      'U3',
      'U4',
      'U5',
      'U6',
      'Z11',
      'Z12',
      'Z13',
      'Z14',
    ].sort(),
    '2025-26',
  )
  t.same(codes('placementType', 2030), codes('placementType', 2026), 'open-ended lists carry on')
  t.same(codes('placementType', 2010), codes('placementType', 2015), 'earlier years get the earliest list')
  t.notOk(codes('placementType', 2026).includes('R4'))
})

t.test('year boundaries on dates', async (t) => {
  t.ok(isValidCode('placementType', 'H5', '2025-03-31'))
  t.notOk(isValidCode('placementType', 'H5', '2025-04-01'))
  t.ok(isValidCode('placementType', 'P2', '2025-03-31'))
  t.notOk(isValidCode('placementType', 'P2', '2025-04-01'))
  t.notOk(isValidCode('placementType', 'K3', '2024-03-31'))
  t.ok(isValidCode('placementType', 'K3', '2024-04-01'))
  t.ok(isValidCode('placementType', 'K3', '2030-01-01'))
  t.ok(isValidCode('placementType', 'Z1', '2025-03-31'))
  t.notOk(isValidCode('placementType', 'Z1', '2025-04-01'))
  for (const z of ['Z11', 'Z12', 'Z13', 'Z14']) {
    t.notOk(isValidCode('placementType', z, '2025-03-31'), z)
    t.ok(isValidCode('placementType', z, '2025-04-01'), z)
  }
  t.ok(isValidCode('sex', '1', '2024-03-31'))
  t.notOk(isValidCode('sex', '1', '2024-04-01'))
  t.notOk(isValidCode('sex', 'M', '2024-03-31'))
  t.ok(isValidCode('sex', 'M', '2024-04-01'))
  t.ok(isValidCode('sex', 'U', '2024-04-01'))
  t.ok(isValidCode('sex', '2', '2010-06-01'), 'before the lists begin: the earliest list')
  t.notOk(isValidCode('sex', 'F', '2010-06-01'))
  t.throws(() => isValidCode('sex', 'M', '2024-02-30'), RangeError)
})

t.test('codes are compared exactly; normaliseCode is the caller’s step', async (t) => {
  t.notOk(isValidCodeInYear('placementType', 'k3', 2025))
  t.notOk(isValidCodeInYear('placementType', ' K3', 2025))
  t.ok(isValidCodeInYear('placementType', normaliseCode(' k3 '), 2025))
  t.equal(normaliseCode('  wbri\t'), 'WBRI')
  t.throws(() => codeList('sex', 2025.5), RangeError)
})

t.test('lists as written in the domain doc', async (t) => {
  t.same(codes('sex', 2024), ['1', '2'])
  t.same(codes('sex', 2025), ['M', 'F', 'U'])
  t.same(codes('reasonNewEpisode', 2025).sort(), ['B', 'L', 'P', 'S', 'T', 'U'])
  t.same(codes('legalStatus', 2025).sort(), ['C1', 'C2', 'D1', 'E1', 'J1', 'J2', 'J3', 'L1', 'L2', 'L3', 'V2', 'V3', 'V4'])
  t.same(codes('categoryOfNeed', 2025), ['N1', 'N2', 'N3', 'N4', 'N5', 'N6', 'N7', 'N8'])
  t.same(codes('placementProvider', 2025), ['PR0', 'PR1', 'PR2', 'PR3', 'PR4', 'PR5'])
  t.same(codes('reasonEnded', 2025), [
    'X1',
    'E11',
    'E12',
    'E2',
    'E3',
    'E4A',
    'E4B',
    'E13',
    'E41',
    'E45',
    'E46',
    'E47',
    'E48',
    'E5',
    'E6',
    'E7',
    'E8',
    'E9',
    'E14',
    'E15',
    'E16',
    'E17',
  ])
  t.same(codes('reasonPlaceChange', 2025), ['CARPL', 'CLOSE', 'ALLEG', 'STAND', 'APPRR', 'CREQB', 'CREQO', 'CHILD', 'LAREQ', 'PLACE', 'CUSTOD', 'OTHER'])
  t.same(codes('ethnicity', 2025), [
    'WBRI',
    'WIRI',
    'WOTH',
    'WIRT',
    'WROM',
    'MWBC',
    'MWBA',
    'MWAS',
    'MOTH',
    'AIND',
    'APKN',
    'ABAN',
    'AOTH',
    'BCRB',
    'BAFR',
    'BOTH',
    'CHNE',
    'OOTH',
    'REFU',
    'NOBT',
  ])
  t.same(codes('reviewCode', 2025), ['PN0', 'PN1', 'PN2', 'PN3', 'PN4', 'PN5', 'PN6', 'PN7'])
  t.same(codes('missingType', 2025), ['M', 'A'])
  t.same(codes('sdqReason', 2025), ['SDQ1', 'SDQ2', 'SDQ3', 'SDQ4', 'SDQ5'])
  t.same(codes('inTouch', 2025), ['YES', 'NO', 'DIED', 'REFU', 'NREQ', 'RHOM'])
  t.same(codes('activity', 2025), ['F1', 'P1', 'F2', 'P2', 'F4', 'P4', 'F5', 'P5', 'G4', 'G5', 'G6', '0'])
  t.same(
    codes('accommodation', 2025).sort(),
    [
      'B1',
      'B2',
      'C1',
      'C2',
      'D1',
      'D2',
      'E1',
      'E2',
      'G1',
      'G2',
      'H1',
      'H2',
      'K1',
      'K2',
      'R1',
      'R2',
      'S2',
      'T1',
      'T2',
      'U1',
      'U2',
      'V1',
      'V2',
      'W1',
      'W2',
      'X2',
      'Y1',
      'Y2',
      'Z1',
      'Z2',
      '0',
    ].sort(),
  )
})

t.test('descriptions', async (t) => {
  t.equal(describeCode('placementType', 'U4'), 'Foster placement with other foster carer(s) - long term fostering')
  t.equal(describeCode('placementType', 'H5'), "Semi-independent living accommodation not subject to children's homes regulations")
  t.equal(describeCode('accommodation', 'U1'), 'Independent living: suitable')
  t.equal(describeCode('accommodation', 'S2'), 'No fixed abode or homeless: not suitable')
  t.equal(describeCode('sex', '1'), 'Male')
  t.equal(describeCode('sex', 'F'), 'Female')
  t.equal(describeCode('placementType', 'R4'), null)
  t.equal(describeCode('placementType', 'u4'), null)
  const z11 = allCodes('placementType').find((d) => d.code === 'Z11')
  t.match(z11, { description: /Z1/, validFrom: 2026, validTo: null, note: /DfE/ })
  const k3 = allCodes('placementType').find((d) => d.code === 'K3')
  t.match(k3, { description: /[Ss]upported accommodation/, validFrom: 2025, validTo: null, note: /DfE/ })
  t.same(
    allCodes('placementType').find((d) => d.code === 'H5'),
    {
      code: 'H5',
      description: "Semi-independent living accommodation not subject to children's homes regulations",
      validFrom: null,
      validTo: 2025,
    },
  )
  // allCodes returns copies.
  const first = allCodes('sex')[0]
  if (first !== undefined) first.description = 'changed'
  t.equal(describeCode('sex', '1'), 'Male')
})

t.test('code groups', async (t) => {
  t.same(TEMPORARY_PLACEMENTS, ['T0', 'T1', 'T2', 'T3', 'T4'])
  t.same(NO_PROVIDER_PLACEMENTS, ['T0', 'T1', 'T2', 'T3', 'T4', 'Z1', 'Z11', 'Z12', 'Z13', 'Z14'])
  t.same(ADOPTION_PLACEMENTS, ['A3', 'A4', 'A5', 'A6'])
  t.same(SHORT_BREAK_LEGAL_STATUSES, ['V3', 'V4'])
  t.same(FOSTER_PLACEMENTS, ['U1', 'U2', 'U3', 'U4', 'U5', 'U6'])
  t.same(EET_ACTIVITIES, ['F1', 'P1', 'F2', 'P2', 'F4', 'P4', 'F5', 'P5'])
  t.same(NOT_CARE_LEAVER_REASONS, ['E2', 'E3', 'E11', 'E12', 'E41', 'E45', 'E46', 'E47', 'E48'])
  t.ok(Object.isFrozen(TEMPORARY_PLACEMENTS))
  // Every member is a real code of its field in some year.
  const everPlacement = new Set(allCodes('placementType').map((d) => d.code))
  for (const c of [...TEMPORARY_PLACEMENTS, ...NO_PROVIDER_PLACEMENTS, ...ADOPTION_PLACEMENTS, ...FOSTER_PLACEMENTS]) {
    t.ok(everPlacement.has(c), c)
  }
  const legal = new Set(allCodes('legalStatus').map((d) => d.code))
  t.ok(SHORT_BREAK_LEGAL_STATUSES.every((c) => legal.has(c)))
  const activity = new Set(allCodes('activity').map((d) => d.code))
  t.ok(EET_ACTIVITIES.every((c) => activity.has(c)))
  const ended = new Set(allCodes('reasonEnded').map((d) => d.code))
  t.ok(NOT_CARE_LEAVER_REASONS.every((c) => ended.has(c)))
})
