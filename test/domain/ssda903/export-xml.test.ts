import t from 'tap'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import { addDays, fromDayNumber, toDayNumber } from '../../../src/domain/dates/calendar.ts'
import { build903Csv } from '../../../src/domain/ssda903/export-csv.ts'
import type { Export903Child } from '../../../src/domain/ssda903/export-csv.ts'
import { build903Xml } from '../../../src/domain/ssda903/export-xml.ts'
import { parse903Csv } from '../../../src/domain/ssda903/parse-csv.ts'
import { parse903Xml } from '../../../src/domain/ssda903/parse-xml.ts'
import type { Child903, Parsed903 } from '../../../src/domain/ssda903/types.ts'
import { exportEpisode, exportHeader } from './export-fixtures.ts'

const episode = exportEpisode
const header = exportHeader

/** A parse's children without where each row was (file lines for CSV, record positions for XML). */
function rows(parsed: Parsed903): unknown[] {
  const strip = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(strip)
    if (v !== null && typeof v === 'object') {
      return Object.fromEntries(
        Object.entries(v)
          .filter(([k]) => !['rowNumber', 'headerRow', 'episodeRows', 'uascRow'].includes(k))
          .map(([k, x]) => [k, strip(x)]),
      )
    }
    return v
  }
  return [...parsed.children.values()].map((c: Child903) => strip({ ...c, socialWorkerEpisodes: [] }))
}
const csvParse = (files: Record<string, string>) => parse903Csv(Object.entries(files).map(([name, content]) => ({ name, content })))

const A: Export903Child = {
  header: header({ childId: 'A1', dateOfBirth: '2014-02-14', upn: 'A123456789012', uasc: true, uascCeasedOn: '2025-02-13' }),
  episodes: [
    episode({
      startDate: '2024-05-01',
      endDate: '2024-08-01',
      reasonEnded: 'X1',
      reasonPlaceChange: 'CARPL',
      homePostcode: 'S60 1AA',
      placementPostcode: 'S61 2BB',
      urn: 'SC123456',
    }),
    episode({
      startDate: '2024-08-01',
      reasonNewEpisode: 'P',
      legalStatus: 'E1',
      placementType: 'A4',
      placementProvider: 'PR2',
      endDate: '2025-02-01',
      reasonEnded: 'E11',
    }),
  ],
  mother: { mother: false, motherChildDateOfBirth: null },
  oc2: null,
  tables: {
    reviews: [{ reviewDate: '2024-06-01', reviewCode: 'PN1' }],
    missingEpisodes: [{ missingType: 'M', startDate: '2024-06-10', endDate: '2024-06-11' }],
    adoption: {
      dateShouldBePlaced: '2024-07-01',
      dateMatched: '2024-07-20',
      fosterCare: false,
      numberOfAdopters: '2',
      adopterSex: 'MF',
      adopterLegalStatus: 'L11',
    },
    placedForAdoption: [{ datePlaced: '2024-07-01', datePlacedCeased: null, reasonPlacedCeased: null }],
    previousPermanence: { previousPermanence: 'P4', permanenceLa: '372', permanenceDate: '2020-05-31', permanenceDateAsSent: 'ZZ/05/2020' },
    socialWorkerEpisodes: [{ socialWorkerId: 'SW9', startDate: '2024-05-01', endDate: null, reason: 'MANAGE' }],
  },
}
const B: Export903Child = {
  header: header({ childId: 'B2', sex: 'M', dateOfBirth: '2006-09-01', ethnicity: 'A&B<C>' }),
  episodes: [episode({ startDate: '2019-01-01', endDate: '2022-01-01', reasonEnded: 'E4A' })],
  oc3: { inTouch: 'YES', activity: 'F2', accommodation: null, accommodationType: 'D', accommodationSuitable: false },
}
const C: Export903Child = {
  header: header({ childId: 'C3', dateOfBirth: '2012-03-03' }),
  episodes: [episode({ startDate: '2020-01-01', reasonNewEpisode: 'S' })],
  mother: { mother: null, motherChildDateOfBirth: null },
  oc2: {
    sdqScore: 12,
    sdqReason: null,
    convicted: false,
    healthCheck: null,
    immunisations: true,
    teethCheck: false,
    healthAssessment: true,
    substanceMisuse: false,
    interventionReceived: null,
    interventionOffered: null,
  },
}

t.test('the 2024-25 XML return, as the DfE writes it', async (t) => {
  const xml = build903Xml([A, B, C], 2025)
  const lines = xml.split('\n')
  t.equal(lines[0], '<?xml version="1.0" encoding="UTF-8"?>')
  t.equal(lines[1], '<EXPSSDA903>')
  t.equal(
    lines[2],
    '<CHILD><HEADER><CHILDID>A1</CHILDID><UPN>A123456789012</UPN><SEX>F</SEX><DOB>14/02/2014</DOB><ETHNIC>WBRI</ETHNIC><UASC>1</UASC>' +
      '<DUC>13/02/2025</DUC>' +
      '<DATE_INT>01/07/2024</DATE_INT><DATE_MATCH>20/07/2024</DATE_MATCH><FOSTER_CARE>0</FOSTER_CARE><NB_ADOPTR>2</NB_ADOPTR><SEX_ADOPTR>MF</SEX_ADOPTR><LS_ADOPTR>L11</LS_ADOPTR>' +
      '<AMISSING><MISSING>M</MISSING><MIS_START>10/06/2024</MIS_START><MIS_END>11/06/2024</MIS_END></AMISSING>' +
      '<AREVIEW><REVIEW>01/06/2024</REVIEW><REVIEW_CODE>PN1</REVIEW_CODE></AREVIEW>' +
      '<MOTHER>0</MOTHER><MC_DOB/>' +
      '<PERMANENCE><PREV_PERM>P4</PREV_PERM><LA_PERM>372</LA_PERM><DATE_PERM>ZZ/05/2020</DATE_PERM></PERMANENCE>' +
      '<AD_PLACED><DATE_PLACED>01/07/2024</DATE_PLACED><DATE_PLACED_CEASED/><REASON_PLACED_CEASED/></AD_PLACED></HEADER>' +
      '<EPISODE><DECOM>01/05/2024</DECOM><RNE>S</RNE><LS>C2</LS><CIN>N1</CIN><PL>U4</PL><PL_POST>S61 2BB</PL_POST><HOME_POST>S60 1AA</HOME_POST><URN>SC123456</URN><PLACE_PROVIDER>PR1</PLACE_PROVIDER><DEC>01/08/2024</DEC><REC>X1</REC><REASON_PLACE_CHANGE>CARPL</REASON_PLACE_CHANGE></EPISODE>' +
      '<EPISODE><DECOM>01/08/2024</DECOM><RNE>P</RNE><LS>E1</LS><CIN>N1</CIN><PL>A4</PL><PL_POST/><HOME_POST/><URN/><PLACE_PROVIDER>PR2</PLACE_PROVIDER><DEC>01/02/2025</DEC><REC>E11</REC><REASON_PLACE_CHANGE/></EPISODE></CHILD>',
  )
  t.equal(
    lines[3],
    '<CHILD><HEADER><CHILDID>B2</CHILDID><UPN/><SEX>M</SEX><DOB>01/09/2006</DOB><ETHNIC>A&amp;B&lt;C&gt;</ETHNIC><UASC>0</UASC>' +
      '<IN_TOUCH>YES</IN_TOUCH><ACTIV>F2</ACTIV><ACCOM>D2</ACCOM><MOTHER/><MC_DOB/></HEADER></CHILD>',
    'a care leaver of the year: OC3 and no episode',
  )
  t.match(lines[4], /<OC2><SDQ_SCORE>12<\/SDQ_SCORE><SDQ_REASON\/><CONVICTED>0<\/CONVICTED><HEALTH_CHECK\/><IMMUNISATIONS>1<\/IMMUNISATIONS>/)
  t.equal(lines[5], '</EXPSSDA903>')
  t.equal(lines[6], '')
  t.notMatch(xml, /SW_ID|SW9/, 'the XML return has no social worker episodes')
  t.equal(build903Xml([], 2025), '<?xml version="1.0" encoding="UTF-8"?>\n<EXPSSDA903>\n</EXPSSDA903>\n')
  t.throws(() => build903Xml([A], 2025.5), RangeError)
})

t.test('the XML and the CSV set of a year read back to the same rows (social workers aside)', async (t) => {
  for (const year of [2025, 2026]) {
    const xml = parse903Xml(build903Xml([A, B, C], year))
    const csv = csvParse(build903Csv([A, B, C], year))
    t.same(xml.findings, [], `${year}: the XML reads without findings`)
    t.same(csv.findings, [], `${year}: the CSV set reads without findings`)
    t.same(rows(xml), rows(csv), `${year}: same rows`)
  }
  const all = parse903Xml(build903Xml([A, B, C], 2025, { allHistory: true }))
  t.same(all.children.get('B2')?.episodes, B.episodes, 'history=all: every episode')
})

// --- Property: the XML and the CSV of any return read back to the same rows ---------------------------

const day = (from: string, to: string) => fc.integer({ min: toDayNumber(from), max: toDayNumber(to) }).map(fromDayNumber)
const code = (...codes: string[]) => fc.constantFrom(...codes)
const span = (year: number) =>
  fc
    .record({ start: day(`${year - 2}-01-01`, `${year}-06-30`), length: fc.option(fc.integer({ min: 1, max: 600 }), { nil: null }) })
    .map(({ start, length }) => ({
      start,
      end: length === null ? null : addDays(start, length),
    }))
const flag = fc.option(fc.boolean(), { nil: null })

const childArb = (year: number, id: string): fc.Arbitrary<Export903Child> =>
  fc
    .record({
      sex: code('M', 'F'),
      dob: day('2005-01-01', `${year - 1}-01-01`),
      uasc: fc.boolean(),
      episodes: fc.array(span(year), { maxLength: 3 }),
      rne: code('S', 'P', 'L'),
      rec: code('X1', 'E11', 'E4A', 'E13'),
      reviews: fc.array(fc.record({ reviewDate: day(`${year - 2}-01-01`, `${year}-06-30`), reviewCode: code('PN0', 'PN1', 'PN5') }), { maxLength: 3 }),
      missing: fc.array(fc.tuple(span(year), code('M', 'A')), { maxLength: 2 }),
      placed: fc.array(span(year), { maxLength: 2 }),
      adopted: fc.boolean(),
      perm: fc.option(code('P1', 'P4', 'Z1'), { nil: null }),
      mother: flag,
      oc2: fc.option(fc.record({ sdqScore: fc.option(fc.integer({ min: 0, max: 40 }), { nil: null }), immunisations: flag, teethCheck: flag }), { nil: null }),
      oc3: fc.option(fc.record({ inTouch: code('YES', 'NO', 'DIED'), activity: code('F1', 'G5', '0'), accommodation: code('U1', 'D2', '0') }), { nil: null }),
    })
    .map((r) => ({
      header: header({ childId: id, sex: r.sex, dateOfBirth: r.dob, uasc: r.uasc }),
      episodes: r.episodes.map((s, i) =>
        episode({
          startDate: s.start,
          endDate: s.end,
          reasonEnded: s.end === null ? null : r.rec,
          reasonNewEpisode: i === 0 ? r.rne : 'P',
          reasonPlaceChange: null,
        }),
      ),
      mother: { mother: r.mother, motherChildDateOfBirth: null },
      oc2:
        r.oc2 === null
          ? null
          : {
              sdqScore: r.oc2.sdqScore,
              sdqReason: null,
              convicted: null,
              healthCheck: null,
              immunisations: r.oc2.immunisations,
              teethCheck: r.oc2.teethCheck,
              healthAssessment: null,
              substanceMisuse: null,
              interventionReceived: null,
              interventionOffered: null,
            },
      oc3: r.oc3 === null ? null : { ...r.oc3, accommodationType: null, accommodationSuitable: null },
      tables: {
        reviews: r.reviews,
        missingEpisodes: r.missing.map(([s, missingType]) => ({ missingType, startDate: s.start, endDate: s.end })),
        placedForAdoption: r.placed.map((s) => ({ datePlaced: s.start, datePlacedCeased: s.end, reasonPlacedCeased: s.end === null ? null : 'RD4' })),
        adoption: r.adopted
          ? { dateShouldBePlaced: r.dob, dateMatched: null, fosterCare: true, numberOfAdopters: '1', adopterSex: 'F1', adopterLegalStatus: 'L0' }
          : null,
        previousPermanence: r.perm === null ? null : { previousPermanence: r.perm, permanenceLa: null, permanenceDate: null, permanenceDateAsSent: null },
      },
    }))

t.test('property: the XML return and the CSV set of a year carry the same rows', async (t) => {
  const returnArb = fc
    .integer({ min: 2022, max: 2028 })
    .chain((year) =>
      fc
        .uniqueArray(fc.stringMatching(/^[A-Z][0-9]{1,5}$/), { maxLength: 6 })
        .chain((ids) => fc.tuple(fc.constant(year), fc.tuple(...ids.map((id) => childArb(year, id))), fc.boolean())),
    )
  fc.assert(
    fc.property(returnArb, ([year, children, allHistory]) => {
      const xml = parse903Xml(build903Xml(children, year, { allHistory }))
      const csv = csvParse(build903Csv(children, year, { allHistory }))
      assert.deepStrictEqual(xml.findings, [])
      assert.deepStrictEqual(csv.findings, [])
      assert.deepStrictEqual(rows(xml), rows(csv))
    }),
    { numRuns: 150 },
  )
  t.pass('150 generated returns')
})
