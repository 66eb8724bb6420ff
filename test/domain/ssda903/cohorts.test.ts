import t from 'tap'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import type { Episode } from '../../../src/domain/care-history/types.ts'
import { addDays, fromDayNumber, toDayNumber } from '../../../src/domain/dates/calendar.ts'
import {
  adoptedInYear,
  episodesForYear,
  lookedAfterInYear,
  missingForYear,
  placedForAdoptionForYear,
  returnForYear,
  reviewInYear,
  socialWorkerEpisodeForYear,
  socialWorkerPeriodStart,
  startedCareInYear,
} from '../../../src/domain/ssda903/cohorts.ts'
import type { Export903Child } from '../../../src/domain/ssda903/export-csv.ts'
import { exportEpisode } from './export-fixtures.ts'

const episode = (over: Partial<Episode>): Episode => exportEpisode({ reasonNewEpisode: 'P', ...over })

// 2024-25 is year 2025: 1 April 2024 to 31 March 2025. 2023-24 (year 2024) holds 29 February 2024.
const YEAR = 2025

t.test('episodes: open at some point in the year; one ending after 31 March is still open on it', async (t) => {
  const ended = (startDate: string, endDate: string, reasonEnded = 'X1') => episode({ startDate, endDate, reasonEnded, reasonPlaceChange: 'CARPL' })
  const cases: Array<[string, Episode, [string | null, string | null, string | null] | 'out']> = [
    ['ends 31 March before the year', ended('2023-01-01', '2024-03-31'), 'out'],
    ['ends 1 April, the first day', ended('2023-01-01', '2024-04-01'), ['2024-04-01', 'X1', 'CARPL']],
    ['ends 31 March, the last day', ended('2024-05-01', '2025-03-31'), ['2025-03-31', 'X1', 'CARPL']],
    ['ends 1 April after the year: still open on 31 March', ended('2024-05-01', '2025-04-01'), [null, null, null]],
    ['starts 31 March, open', episode({ startDate: '2025-03-31' }), [null, null, null]],
    ['starts 1 April after the year', episode({ startDate: '2025-04-01' }), 'out'],
    ['open since 2010', episode({ startDate: '2010-05-05' }), [null, null, null]],
  ]
  for (const [name, e, want] of cases) {
    const got = episodesForYear([e], YEAR)
    if (want === 'out') t.same(got, [], name)
    else
      t.same(
        got.map((g) => [g.endDate, g.reasonEnded, g.reasonPlaceChange]),
        [want],
        name,
      )
    t.equal(lookedAfterInYear([e], YEAR), want !== 'out', `${name}: looked after in the year`)
  }
  // Leap year: 29 February 2024 is the last day but one of 2023-24.
  t.same(
    episodesForYear([ended('2024-02-29', '2024-04-01')], 2024).map((e) => e.endDate),
    [null],
  )
  t.same(episodesForYear([ended('2023-02-28', '2024-02-29')], 2024)[0]?.endDate, '2024-02-29')
  t.same(episodesForYear([ended('2023-02-28', '2024-02-29')], 2025), [])
  t.throws(() => episodesForYear([], 2025.5), RangeError)
})

t.test('AD1: adopted in the year (an episode ending E11 or E12 between 1 April and 31 March)', async (t) => {
  const adopted = (endDate: string, reasonEnded = 'E11') => [episode({ startDate: '2023-01-01', endDate, reasonEnded })]
  t.notOk(adoptedInYear(adopted('2024-03-31'), YEAR), '31 March before')
  t.ok(adoptedInYear(adopted('2024-04-01'), YEAR), '1 April')
  t.ok(adoptedInYear(adopted('2025-03-31', 'E12'), YEAR), '31 March, E12')
  t.notOk(adoptedInYear(adopted('2025-04-01'), YEAR), '1 April after')
  t.notOk(adoptedInYear(adopted('2024-10-01', 'E13'), YEAR), 'another reason')
  t.notOk(adoptedInYear([episode({ startDate: '2023-01-01' })], YEAR), 'still in care')
  t.ok(adoptedInYear(adopted('2024-02-29'), 2024), 'leap day')
})

t.test('PrevPerm: started to be looked after in the year (RNE S beginning in it)', async (t) => {
  const started = (startDate: string, rne = 'S') => [episode({ startDate, reasonNewEpisode: rne })]
  t.notOk(startedCareInYear(started('2024-03-31'), YEAR), '31 March before')
  t.ok(startedCareInYear(started('2024-04-01'), YEAR), '1 April')
  t.ok(startedCareInYear(started('2025-03-31'), YEAR), '31 March')
  t.notOk(startedCareInYear(started('2025-04-01'), YEAR), '1 April after')
  t.notOk(startedCareInYear(started('2024-10-01', 'P'), YEAR), 'a placement change is not starting care')
  t.ok(startedCareInYear(started('2024-02-29'), 2024), 'leap day')
})

t.test('reviews: held in the year', async (t) => {
  t.notOk(reviewInYear({ reviewDate: '2024-03-31' }, YEAR))
  t.ok(reviewInYear({ reviewDate: '2024-04-01' }, YEAR))
  t.ok(reviewInYear({ reviewDate: '2025-03-31' }, YEAR))
  t.notOk(reviewInYear({ reviewDate: '2025-04-01' }, YEAR))
  t.ok(reviewInYear({ reviewDate: '2024-02-29' }, 2024))
  t.notOk(reviewInYear({ reviewDate: '2024-02-29' }, 2025))
})

t.test('missing episodes: open in the year; an end after 31 March blank', async (t) => {
  const m = (startDate: string, endDate: string | null) => ({ missingType: 'M', startDate, endDate })
  t.equal(missingForYear(m('2024-03-01', '2024-03-31'), YEAR), null, 'ended 31 March before')
  t.same(missingForYear(m('2024-03-01', '2024-04-01'), YEAR), m('2024-03-01', '2024-04-01'), 'ended 1 April: carried over (rule 576)')
  t.same(missingForYear(m('2024-03-01', null), YEAR), m('2024-03-01', null), 'open since before the year')
  t.same(missingForYear(m('2025-03-31', '2025-04-02'), YEAR), m('2025-03-31', null), 'still missing on 31 March')
  t.same(missingForYear(m('2025-03-30', '2025-03-31'), YEAR), m('2025-03-30', '2025-03-31'), 'ended 31 March')
  t.equal(missingForYear(m('2025-04-01', null), YEAR), null, 'began after the year (rule 570)')
})

t.test('social worker episodes: the reporting period is the year in 2023-24, two years from 2024-25', async (t) => {
  t.equal(socialWorkerPeriodStart(2024), '2023-04-01')
  t.equal(socialWorkerPeriodStart(2025), '2023-04-01')
  t.equal(socialWorkerPeriodStart(2026), '2024-04-01')
  const w = (startDate: string | null, endDate: string | null) => ({ socialWorkerId: 'SW1', startDate, endDate, reason: 'MANAGE' })
  // 2024-25: from 1 April 2023.
  t.equal(socialWorkerEpisodeForYear(w('2022-01-01', '2023-03-31'), YEAR), null, 'ended before the period')
  t.same(socialWorkerEpisodeForYear(w('2022-01-01', '2023-04-01'), YEAR), w('2022-01-01', '2023-04-01'), 'ended on its first day')
  t.same(socialWorkerEpisodeForYear(w('2025-01-01', '2025-04-01'), YEAR), w('2025-01-01', null), 'the worker on 31 March (SW17)')
  t.equal(socialWorkerEpisodeForYear(w('2025-04-01', null), YEAR), null, 'began after the year (SW06)')
  // 2023-24: the year only.
  t.equal(socialWorkerEpisodeForYear(w('2022-01-01', '2023-03-31'), 2024), null)
  t.same(socialWorkerEpisodeForYear(w('2022-01-01', '2023-04-01'), 2024), w('2022-01-01', '2023-04-01'))
  t.equal(socialWorkerEpisodeForYear(w('2022-01-01', '2023-04-01'), 2026), null, '2025-26: from 1 April 2024')
  t.same(socialWorkerEpisodeForYear(w(null, null), YEAR), w(null, null), 'no dates: kept for the rules to flag')
})

t.test('placed for adoption: a decision standing in the year; a reversal after 31 March blank', async (t) => {
  const p = (datePlaced: string | null, datePlacedCeased: string | null, reasonPlacedCeased: string | null = datePlacedCeased === null ? null : 'RD1') => ({
    datePlaced,
    datePlacedCeased,
    reasonPlacedCeased,
  })
  t.equal(placedForAdoptionForYear(p('2023-06-01', '2024-03-31'), YEAR), null, 'reversed before the year (rule 118)')
  t.same(placedForAdoptionForYear(p('2023-06-01', '2024-04-01'), YEAR), p('2023-06-01', '2024-04-01'), 'reversed on 1 April')
  t.same(placedForAdoptionForYear(p('2023-06-01', null), YEAR), p('2023-06-01', null), 'made in an earlier year, standing (rules 551, 553)')
  t.same(placedForAdoptionForYear(p('2025-03-31', '2025-04-01'), YEAR), p('2025-03-31', null, null), 'reversed after 31 March')
  t.equal(placedForAdoptionForYear(p('2025-04-01', null), YEAR), null, 'made after the year (rule 117)')
})

t.test("returnForYear: each table cut to its cohort; a care leaver's OC3 alone", async (t) => {
  const header = { childId: 'A', sex: 'F', dateOfBirth: '2012-01-01', ethnicity: 'WBRI', upn: null, nhsNumber: null, uasc: false, uascCeasedOn: null }
  const tables = {
    reviews: [
      { reviewDate: '2024-03-31', reviewCode: 'PN1' },
      { reviewDate: '2024-04-01', reviewCode: 'PN1' },
    ],
    missingEpisodes: [{ missingType: 'A', startDate: '2025-03-30', endDate: '2025-04-02' }],
    adoption: {
      dateShouldBePlaced: '2023-01-01',
      dateMatched: '2023-06-01',
      fosterCare: false,
      numberOfAdopters: '1',
      adopterSex: 'F1',
      adopterLegalStatus: 'L0',
    },
    placedForAdoption: [{ datePlaced: '2023-01-01', datePlacedCeased: null, reasonPlacedCeased: null }],
    previousPermanence: { previousPermanence: 'Z1', permanenceLa: null, permanenceDate: null, permanenceDateAsSent: null },
    socialWorkerEpisodes: [
      { socialWorkerId: 'SW1', startDate: '2021-01-01', endDate: '2023-03-20', reason: 'MANAGE' },
      { socialWorkerId: 'SW2', startDate: '2023-03-20', endDate: null, reason: 'LEFTRL' },
    ],
  }
  const child: Export903Child = {
    header,
    episodes: [episode({ startDate: '2020-01-01', reasonNewEpisode: 'S', endDate: '2025-05-01', reasonEnded: 'E11' })],
    tables,
    oc2: null,
  }
  const [year] = returnForYear([child], YEAR)
  t.same(
    year?.episodes.map((e) => [e.endDate, e.reasonEnded]),
    [[null, null]],
  )
  t.same(year?.tables, {
    reviews: [{ reviewDate: '2024-04-01', reviewCode: 'PN1' }],
    missingEpisodes: [{ missingType: 'A', startDate: '2025-03-30', endDate: null }],
    adoption: null, // adopted after the year
    placedForAdoption: tables.placedForAdoption,
    previousPermanence: null, // came into care in 2020
    socialWorkerEpisodes: [tables.socialWorkerEpisodes[1]],
  })
  // Adopted in 2025-26, having come into care in it: AD1 and PrevPerm that year.
  const next = returnForYear(
    [{ ...child, episodes: [episode({ startDate: '2025-04-01', reasonNewEpisode: 'S', endDate: '2025-05-01', reasonEnded: 'E11' })] }],
    2026,
  )
  t.same(next[0]?.tables?.adoption, tables.adoption)
  t.same(next[0]?.tables?.previousPermanence, tables.previousPermanence)

  const leaver: Export903Child = {
    header: { ...header, childId: 'L' },
    episodes: [episode({ startDate: '2020-01-01', endDate: '2023-01-01', reasonEnded: 'E4A' })],
    tables,
    oc3: { inTouch: 'YES', activity: 'F1', accommodation: 'U1', accommodationType: 'U', accommodationSuitable: true },
  }
  const [l] = returnForYear([leaver], YEAR)
  t.same(l?.episodes, [])
  t.same(l?.tables, {}, 'rule 1012: no other rows for an OC3 child with no episode in the year')
  t.same(returnForYear([{ ...leaver, oc3: null, oc2: null }], YEAR), [], 'neither in care nor a care leaver of the year')
  t.same(returnForYear([{ ...leaver, oc3: null }], YEAR, { allHistory: true })[0]?.tables, tables, 'history=all: as stored')
})

// --- Properties: every cut agrees with "open in the year, as it stood on 31 March" --------------------

const day = (from: string, to: string) => fc.integer({ min: toDayNumber(from), max: toDayNumber(to) }).map(fromDayNumber)
const yearArb = fc.integer({ min: 2021, max: 2030 })
/** A span near the year's edges: starts from two years before to after it; open, or 0-800 days long. */
const spanArb = (year: number) =>
  fc.record({
    start: fc.oneof(day(`${year - 3}-01-01`, `${year}-06-30`), fc.constantFrom(`${year - 1}-03-31`, `${year - 1}-04-01`, `${year}-03-31`, `${year}-04-01`)),
    length: fc.option(fc.oneof(fc.integer({ min: 0, max: 800 }), fc.constant(0)), { nil: null }),
  })

t.test('property: episodes, missing, social workers and adoption decisions keep exactly the rows open in the year', async (t) => {
  fc.assert(
    fc.property(
      yearArb.chain((year) => fc.tuple(fc.constant(year), fc.array(spanArb(year), { maxLength: 6 }))),
      ([year, spans]) => {
        const start = `${year - 1}-04-01`
        const end = `${year}-03-31`
        const eps = spans.map(({ start: s, length }) =>
          episode({
            startDate: s,
            endDate: length === null ? null : addDays(s, length),
            reasonEnded: length === null ? null : 'X1',
            reasonPlaceChange: length === null ? null : 'CARPL',
          }),
        )
        const kept = episodesForYear(eps, year)
        const open = eps.filter((e) => e.startDate <= end && (e.endDate === null || e.endDate >= start))
        assert.equal(kept.length, open.length)
        assert.equal(lookedAfterInYear(eps, year), open.length > 0)
        for (const e of kept) {
          assert.ok(e.startDate <= end)
          assert.ok(e.endDate === null || (e.endDate >= start && e.endDate <= end), 'no DEC outside the year (rule 385)')
          assert.equal(e.endDate === null, e.reasonEnded === null)
          if (e.endDate === null) assert.equal(e.reasonPlaceChange, null)
        }
        assert.deepEqual(episodesForYear(kept, year), kept, 'cutting twice changes nothing')
        for (const { start: s, length } of spans) {
          const endDate = length === null ? null : addDays(s, length)
          const isOpen = s <= end && (endDate === null || endDate >= start)
          const m = missingForYear({ startDate: s, endDate }, year)
          assert.equal(m !== null, isOpen)
          if (m !== null) assert.equal(m.endDate, endDate !== null && endDate > end ? null : endDate)
          const p = placedForAdoptionForYear({ datePlaced: s, datePlacedCeased: endDate, reasonPlacedCeased: endDate === null ? null : 'RD4' }, year)
          assert.equal(p !== null, isOpen)
          if (p !== null) assert.equal(p.reasonPlacedCeased === null, p.datePlacedCeased === null)
          const w = socialWorkerEpisodeForYear({ startDate: s, endDate }, year)
          const from = socialWorkerPeriodStart(year)
          assert.equal(w !== null, s <= end && (endDate === null || endDate >= from))
          if (w !== null) assert.ok(w.endDate === null || (w.endDate >= from && w.endDate <= end), 'SW07')
        }
      },
    ),
    { numRuns: 500 },
  )
  t.pass('500 generated years')
})
