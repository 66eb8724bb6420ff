import t from 'tap'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import type { Episode } from '../../../src/domain/care-history/types.ts'
import { addDays, fromDayNumber, toDayNumber } from '../../../src/domain/dates/calendar.ts'
import { splitAccommodation } from '../../../src/domain/care-leavers/oc3.ts'
import { build903Csv, EXPORT_FILES } from '../../../src/domain/ssda903/export-csv.ts'
import { episodesForYear } from '../../../src/domain/ssda903/cohorts.ts'
import type { Export903Child } from '../../../src/domain/ssda903/export-csv.ts'
import { parse903Csv } from '../../../src/domain/ssda903/parse-csv.ts'
import type { Child903, Oc2Facts, Oc3Facts } from '../../../src/domain/ssda903/types.ts'
import { isChildId } from '../../../src/domain/identifiers.ts'
import { exportEpisode, exportHeader } from './export-fixtures.ts'

const episode = exportEpisode
const header = exportHeader
const OC2: Oc2Facts = {
  sdqScore: 17,
  sdqReason: null,
  convicted: false,
  healthCheck: null,
  immunisations: true,
  teethCheck: true,
  healthAssessment: true,
  substanceMisuse: false,
  interventionReceived: null,
  interventionOffered: null,
}

t.test('the year 2024-25 set, written out by hand', async (t) => {
  const a: Export903Child = {
    header: header({ childId: 'A1', dateOfBirth: '2008-02-14', upn: 'A123456789012', nhsNumber: '9434765919', uasc: true }),
    episodes: [
      // Given out of order: the file is in date order.
      episode({
        startDate: '2024-06-30',
        reasonNewEpisode: 'P',
        placementType: 'K2',
        placementProvider: 'PR4',
        homePostcode: 'S60 1AA',
        placementPostcode: 'LS1 6FF',
        urn: '1234567',
      }),
      episode({
        startDate: '2023-04-01',
        endDate: '2024-06-30',
        reasonEnded: 'X1',
        reasonPlaceChange: 'CARPL',
        homePostcode: 'S60 1AA',
        placementPostcode: 'S61 2BB',
        urn: 'SC123456',
      }),
    ],
    oc2: OC2,
  }
  const b: Export903Child = {
    header: header({ childId: 'B2', sex: 'M', dateOfBirth: '2004-09-01', ethnicity: 'AOTH' }),
    episodes: [episode({ startDate: '2019-01-01', endDate: '2020-01-01', reasonEnded: 'E4A' })],
    oc3: { inTouch: 'YES', activity: 'F2', accommodation: null, accommodationType: 'D', accommodationSuitable: false },
  }
  const c: Export903Child = {
    header: header({ childId: 'C3' }),
    episodes: [episode({ startDate: '2022-01-01', endDate: '2023-01-01', reasonEnded: 'E4A' })],
  }
  const files = build903Csv([a, b, c], 2025)
  t.same(Object.keys(files), EXPORT_FILES)
  t.equal(files['header.csv'], 'CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\r\nA1,F,14/02/2008,WBRI,A123456789012,,\r\nB2,M,01/09/2004,AOTH,,,\r\n')
  t.equal(
    files['episodes.csv'],
    'CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\r\n' +
      'A1,01/04/2023,S,C2,N1,U4,PR1,30/06/2024,X1,CARPL,S60 1AA,S61 2BB,SC123456\r\n' +
      'A1,30/06/2024,P,C2,N1,K2,PR4,,,,S60 1AA,LS1 6FF,1234567\r\n',
  )
  t.equal(files['uasc.csv'], 'CHILD,SEX,DOB,DUC\r\nA1,F,14/02/2008,\r\n')
  t.equal(
    files['oc2.csv'],
    'CHILD,DOB,SDQ_SCORE,SDQ_REASON,CONVICTED,HEALTH_CHECK,IMMUNISATIONS,TEETH_CHECK,HEALTH_ASSESSMENT,SUBSTANCE_MISUSE,INTERVENTION_RECEIVED,INTERVENTION_OFFERED\r\n' +
      'A1,14/02/2008,17,,0,,1,1,1,0,,\r\n',
  )
  t.equal(files['oc3.csv'], 'CHILD,DOB,IN_TOUCH,ACTIV,ACCOM\r\nB2,01/09/2004,YES,F2,D2\r\n', 'ACCOM built from its parts')

  const withNhs = build903Csv([a], 2025, { nhsNumber: true })
  t.equal(withNhs['header.csv'], 'CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB,NHS_NUMBER\r\nA1,F,14/02/2008,WBRI,A123456789012,,,9434765919\r\n')
  t.same(build903Csv([], 2025), {
    'header.csv': 'CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\r\n',
    'episodes.csv': 'CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\r\n',
    'uasc.csv': 'CHILD,SEX,DOB,DUC\r\n',
    'oc2.csv':
      'CHILD,DOB,SDQ_SCORE,SDQ_REASON,CONVICTED,HEALTH_CHECK,IMMUNISATIONS,TEETH_CHECK,HEALTH_ASSESSMENT,SUBSTANCE_MISUSE,INTERVENTION_RECEIVED,INTERVENTION_OFFERED\r\n',
    'oc3.csv': 'CHILD,DOB,IN_TOUCH,ACTIV,ACCOM\r\n',
    'reviews.csv': 'CHILD,DOB,REVIEW,REVIEW_CODE\r\n',
    'missing.csv': 'CHILD,DOB,MISSING,MIS_START,MIS_END\r\n',
    'ad1.csv': 'CHILD,DOB,DATE_INT,DATE_MATCH,FOSTER_CARE,NB_ADOPTR,SEX_ADOPTR,LS_ADOPTR\r\n',
    'placed_for_adoption.csv': 'CHILD,DOB,DATE_PLACED,DATE_PLACED_CEASED,REASON_PLACED_CEASED\r\n',
    'previous_permanence.csv': 'CHILD,DOB,PREV_PERM,LA_PERM,DATE_PERM\r\n',
    'sw_episodes.csv': 'CHILD,DOB,SW_ID,SW_DECOM,SW_DEC,SW_REASON\r\n',
  })
  t.throws(() => build903Csv([a], 2025.5), RangeError)
})

t.test('episodes of a collection year: open at some point in it, one ending after 31 March still open', async (t) => {
  const eps = [
    episode({ startDate: '2023-01-01', endDate: '2024-03-31', reasonEnded: 'E4A' }), // ended the day before
    episode({ startDate: '2023-01-01', endDate: '2024-04-01', reasonEnded: 'X1', reasonPlaceChange: 'CARPL' }), // ends on the first day
    episode({ startDate: '2025-03-31' }), // starts on the last day
    episode({ startDate: '2025-04-01' }), // starts the day after
    episode({ startDate: '2010-05-05' }), // open since 2010
    episode({ startDate: '2024-10-10', endDate: '2025-06-01', reasonEnded: 'E8', reasonPlaceChange: 'OTHER' }), // ends after the year
  ]
  t.same(
    episodesForYear(eps, 2025).map((e) => [e.startDate, e.endDate, e.reasonEnded, e.reasonPlaceChange]),
    [
      ['2010-05-05', null, null, null],
      ['2023-01-01', '2024-04-01', 'X1', 'CARPL'],
      ['2024-10-10', null, null, null],
      ['2025-03-31', null, null, null],
    ],
  )
  t.same(
    episodesForYear(eps, 2024).map((e) => [e.startDate, e.endDate]),
    [
      ['2010-05-05', null],
      ['2023-01-01', '2024-03-31'],
      ['2023-01-01', null],
    ],
  )
})

t.test('values that need quoting are quoted, and read back', async (t) => {
  const odd: Export903Child = { header: header({ childId: 'Q1', ethnicity: 'A,"B"', upn: ' UN1' }), episodes: [episode({})] }
  const files = build903Csv([odd], 2025)
  t.equal(files['header.csv'], 'CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\r\nQ1,F,01/01/2010,"A,""B"""," UN1",,\r\n')
  const back = parse903Csv(Object.entries(files).map(([name, content]) => ({ name, content })))
  t.equal(back.children.get('Q1')?.header.ethnicity, 'A,"B"')
  t.equal(back.children.get('Q1')?.header.upn, 'UN1', 'a CMS space is trimmed on the way in')
})

/** What a parse gives back for the export's children: rows and row numbers aside. */
function facts(c: Child903) {
  const strip = <T extends { rowNumber: number }>(r: T | null): Omit<T, 'rowNumber'> | null => {
    if (r === null) return null
    const { rowNumber: _, ...rest } = r
    return rest
  }
  return { header: c.header, episodes: c.episodes, oc2: strip(c.oc2), oc3: strip(c.oc3) }
}

t.test('build903Csv then parse903Csv gives back the headers, episodes, OC2 and OC3', async (t) => {
  const children: Export903Child[] = [
    {
      header: header({ childId: 'A1', dateOfBirth: '2008-02-14', upn: 'A123456789012', uasc: true, uascCeasedOn: '2026-02-13' }),
      episodes: [
        episode({
          startDate: '2023-04-01',
          endDate: '2024-06-30',
          reasonEnded: 'X1',
          reasonPlaceChange: 'CARPL',
          homePostcode: 'S60 1AA',
          placementPostcode: 'S61 2BB',
          urn: 'SC123456',
        }),
        episode({ startDate: '2024-06-30', reasonNewEpisode: 'P', placementType: 'K2', placementProvider: 'PR4', urn: '1234567' }),
      ],
      oc2: OC2,
      oc3: null,
    },
  ]
  const files = build903Csv(children, 2025)
  const back = parse903Csv(Object.entries(files).map(([name, content]) => ({ name, content })))
  t.same(back.findings, [])
  t.same(facts(back.children.get('A1') as Child903), { header: children[0]?.header, episodes: children[0]?.episodes, oc2: OC2, oc3: null })
})

// --- Property: for valid records, the CSV round trip is the identity ----------------------------------

const day = (from: string, to: string) => fc.integer({ min: toDayNumber(from), max: toDayNumber(to) }).map(fromDayNumber)
const UPN_LETTERS = 'ABCDEFGHJKLMNPQRTUVWXYZ'
const upn = fc.oneof(
  fc.tuple(fc.constantFrom(...UPN_LETTERS), fc.stringMatching(/^\d{12}$/)).map(([l, d]) => l + d),
  fc.constantFrom('UN1', 'UN2', 'UN3', 'UN4', 'UN5'),
)
const code = (...codes: string[]) => fc.constantFrom(...codes)
const POSTCODES = ['S60 1AA', 'S61 2BB', 'DN12 5EE', 'LS1 6FF', 'M1 7GG', 'SW1A 1AA', 'EC1A 1BB', 'W1A 0AX', 'B33 8TH', 'CR2 6XH']

const episodeArb = (year: number): fc.Arbitrary<Episode> =>
  fc
    .record({
      // From well before the year to after it, so that clipping is exercised.
      startDate: day(`${year - 3}-01-01`, `${year}-06-30`),
      length: fc.option(fc.integer({ min: 1, max: 900 }), { nil: null }),
      reasonNewEpisode: code('S', 'P', 'L', 'T', 'U', 'B'),
      legalStatus: code('C1', 'C2', 'D1', 'E1', 'V2', 'V3', 'V4', 'L1', 'L2', 'L3', 'J1', 'J2', 'J3'),
      categoryOfNeed: code('N1', 'N2', 'N3', 'N4', 'N5', 'N6', 'N7', 'N8'),
      placementType: code(
        'A3',
        'A4',
        'A5',
        'A6',
        'H5',
        'K1',
        'K2',
        'K3',
        'P1',
        'P2',
        'P3',
        'R1',
        'R2',
        'R3',
        'R5',
        'S1',
        'T0',
        'T4',
        'U1',
        'U6',
        'Z1',
        'Z11',
        'Z14',
      ),
      placementProvider: fc.option(code('PR0', 'PR1', 'PR2', 'PR3', 'PR4', 'PR5'), { nil: null }),
      reasonEnded: code('X1', 'E11', 'E2', 'E4A', 'E4B', 'E13', 'E41', 'E45', 'E8', 'E17'),
      reasonPlaceChange: fc.option(code('CARPL', 'CLOSE', 'ALLEG', 'CHILD', 'CUSTOD', 'OTHER'), { nil: null }),
      homePostcode: fc.option(code(...POSTCODES), { nil: null }),
      placementPostcode: fc.option(code(...POSTCODES), { nil: null }),
      urn: fc.option(fc.oneof(fc.stringMatching(/^SC\d{6}$/), fc.stringMatching(/^\d{7}$/), fc.constant('XXXXXXX')), { nil: null }),
    })
    .map(({ length, reasonEnded, ...e }) => ({
      ...e,
      endDate: length === null ? null : addDays(e.startDate, length),
      reasonEnded: length === null ? null : reasonEnded,
    }))

const flagArb = fc.option(fc.boolean(), { nil: null })
const oc2Arb: fc.Arbitrary<Oc2Facts> = fc.record({
  sdqScore: fc.option(fc.integer({ min: 0, max: 40 }), { nil: null }),
  sdqReason: fc.option(code('SDQ1', 'SDQ2', 'SDQ3', 'SDQ4', 'SDQ5'), { nil: null }),
  convicted: flagArb,
  healthCheck: flagArb,
  immunisations: flagArb,
  teethCheck: flagArb,
  healthAssessment: flagArb,
  substanceMisuse: flagArb,
  interventionReceived: flagArb,
  interventionOffered: flagArb,
})
const oc3Arb: fc.Arbitrary<Oc3Facts> = fc
  .record({
    inTouch: fc.option(code('YES', 'NO', 'DIED', 'REFU', 'NREQ', 'RHOM'), { nil: null }),
    activity: fc.option(code('F1', 'P1', 'F2', 'P2', 'F4', 'P4', 'F5', 'P5', 'G4', 'G5', 'G6', '0'), { nil: null }),
    accommodation: fc.option(code('B1', 'B2', 'C1', 'D2', 'S2', 'U1', 'X2', 'Z1', 'Z2', '0'), { nil: null }),
  })
  .map((o) => {
    const { type, suitable } = splitAccommodation(o.accommodation)
    return { ...o, accommodationType: type, accommodationSuitable: suitable }
  })

const childArb = (year: number, id: string): fc.Arbitrary<Export903Child> =>
  fc
    .record({
      sex: code('1', '2', 'M', 'F', 'U'),
      dateOfBirth: day('1995-01-01', `${year}-03-31`),
      ethnicity: code('WBRI', 'WIRI', 'MWBC', 'AIND', 'BAFR', 'CHNE', 'OOTH', 'REFU', 'NOBT'),
      upn: fc.option(upn, { nil: null }),
      nhsNumber: fc.option(fc.stringMatching(/^\d{10}$/), { nil: null }),
      uasc: fc.boolean(),
      ceased: day('2000-01-01', '2035-12-31'),
      hasCeased: fc.boolean(),
      episodes: fc.array(episodeArb(year), { maxLength: 5 }),
      oc2: fc.option(oc2Arb, { nil: null }),
      oc3: fc.option(oc3Arb, { nil: null }),
    })
    .map(({ ceased, hasCeased, episodes, oc2, oc3, ...h }) => ({
      // A date UASC status ceased goes with being UASC.
      header: { childId: id, ...h, uascCeasedOn: h.uasc && hasCeased ? ceased : null },
      episodes,
      oc2,
      oc3,
    }))

const returnArb = fc.integer({ min: 2016, max: 2030 }).chain((year) =>
  fc
    // Ids the 903 reader accepts: the one child-id rule (not only dots).
    .uniqueArray(fc.stringMatching(/^[A-Za-z0-9._-]{1,12}$/).filter(isChildId), { minLength: 0, maxLength: 8 })
    .chain((ids) => fc.tuple(fc.constant(year), fc.tuple(...ids.map((id) => childArb(year, id))), fc.boolean())),
)

t.test('property: build903Csv then parse903Csv is the identity on the year return', async (t) => {
  fc.assert(
    fc.property(returnArb, ([year, children, withNhs]) => {
      const files = build903Csv(children, year, { nhsNumber: withNhs })
      const back = parse903Csv(Object.entries(files).map(([name, content]) => ({ name, content })))
      const expected = children
        .filter((c) => episodesForYear(c.episodes, year).length > 0 || c.oc3 !== null)
        .map((c) => ({
          header: withNhs ? c.header : { ...c.header, nhsNumber: null },
          episodes: episodesForYear(c.episodes, year),
          // (fc.record builds objects without a prototype; deepStrictEqual compares prototypes.)
          // OC2 only for a child in care in the year.
          oc2: c.oc2 && episodesForYear(c.episodes, year).length > 0 ? { ...c.oc2 } : null,
          oc3: c.oc3 ? { ...c.oc3 } : null,
        }))
      // Throwing (rather than t.same) lets fast-check shrink a failure to its smallest case.
      assert.deepStrictEqual(back.findings, [])
      assert.deepStrictEqual([...back.children.values()].map(facts), expected)
    }),
    { numRuns: 200 },
  )
  t.pass('200 generated returns read back unchanged')
})

/*
 * Speed (the importer reads ~25,000 episodes per authority, 1M at scale). Measured on the 2-core
 * development machine while other work ran on it (load average 4-10): 5,000 headers plus 25,000
 * episode rows parse in min 219-227 ms, median ~300 ms over 15 runs, of which csv-parse itself takes
 * min ~150 ms; the rest is one pass per table with the children in a Map. The whole public fake set
 * (2,675 children, ~26,000 rows over 11 files) parses in ~100 ms. The assertion below only catches a
 * gross (e.g. quadratic) slowdown.
 */
t.test('timing: 25,000 generated episode rows', async (t) => {
  const hdr = ['CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB']
  const eps = ['CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN']
  for (let c = 0; c < 5000; c++) {
    hdr.push(`C${c},1,01/02/2010,WBRI,A123456789012,,`)
    for (let e = 0; e < 5; e++) eps.push(`C${c},0${e + 1}/04/2020,S,C2,N1,U1,PR1,0${e + 2}/04/2020,X1,CARPL,SW1A 1AA,S60 1AB,SC123456`)
  }
  const files = [
    { name: 'header.csv', content: `${hdr.join('\r\n')}\r\n` },
    { name: 'episodes.csv', content: `${eps.join('\r\n')}\r\n` },
  ]
  parse903Csv(files) // warm up
  let best = Infinity
  let parsed = parse903Csv(files)
  for (let i = 0; i < 3; i++) {
    const started = performance.now()
    parsed = parse903Csv(files)
    best = Math.min(best, performance.now() - started)
  }
  t.comment(`25,000 episode rows (5,000 children): best of 3 ${Math.round(best)} ms`)
  t.equal(parsed.children.size, 5000)
  t.equal(
    [...parsed.children.values()].reduce((n, c) => n + c.episodes.length, 0),
    25000,
  )
  t.same(parsed.findings, [])
  t.ok(best < 3000, 'no gross slowdown')
})
