import assert from 'node:assert/strict'
import fc from 'fast-check'
import t from 'tap'
import {
  careEvents,
  checkEpisodes,
  currentState,
  deriveCareHistory,
  isInCareOn,
  isShortBreak,
  isTemporaryPlacement,
  movements,
} from '../../../src/domain/care-history/index.ts'
import { addDays, addMonths } from '../../../src/domain/dates/calendar.ts'
import { shuffledHistoryArb, validChildrenArb, validHistoryArb } from './arbitraries.ts'

t.test('generated valid histories pass every rule, in any submitted order', async (t) => {
  fc.assert(
    fc.property(shuffledHistoryArb, (h) => {
      const findings = checkEpisodes(h.header, h.episodes)
      if (findings.length > 0) throw new Error(JSON.stringify(findings))
    }),
    { numRuns: 400 },
  )
  t.pass('no findings')
})

t.test('derivation invariants over valid histories', async (t) => {
  fc.assert(
    fc.property(shuffledHistoryArb, (h) => {
      const history = deriveCareHistory(h.episodes)
      const n = h.episodes.length
      const at = (i: number) => h.episodes[i] as (typeof h.episodes)[number]

      // Periods cover every episode exactly once, in chronological order, and start with RNE S.
      const inPeriods = history.carePeriods.flatMap((p) => p.episodeIndexes)
      assert.deepEqual(inPeriods, history.order)
      assert.equal(history.carePeriods.length, h.expected.periods)
      for (const p of history.carePeriods) {
        const first = at(p.episodeIndexes[0] as number)
        const last = at(p.episodeIndexes[p.episodeIndexes.length - 1] as number)
        assert.equal(first.reasonNewEpisode, 'S')
        assert.equal(p.startDate, first.startDate)
        assert.equal(p.endDate, last.endDate)
        assert.equal(
          p.shortBreakOnly,
          p.episodeIndexes.every((i) => isShortBreak(at(i))),
        )
      }

      // Spells partition the non-temporary episodes; temporary ones sit inside spells, marked.
      const nonTemporary = history.order.filter((i) => !isTemporaryPlacement(at(i).placementType))
      const spellNonTemporary = history.placementSpells.flatMap((s) => s.episodeIndexes.filter((i) => !s.temporaryEpisodeIndexes.includes(i)))
      assert.deepEqual(spellNonTemporary, nonTemporary)
      const temporary = history.placementSpells.flatMap((s) => s.temporaryEpisodeIndexes)
      assert.equal(temporary.length, h.expected.temporaryEpisodes)
      assert.ok(temporary.every((i) => isTemporaryPlacement(at(i).placementType)))

      // Every spell starts with a move, inside one period; moves never outnumber episodes.
      const moves = history.moves.filter(Boolean).length
      assert.equal(moves, h.expected.moves)
      assert.ok(moves <= n)
      assert.equal(history.placementSpells.length, moves)
      for (const s of history.placementSpells) {
        assert.ok(s.startedByMove)
        assert.equal(history.moves[s.episodeIndexes[0] as number], true)
        assert.ok(s.episodeIndexes.every((i) => history.carePeriodOf[i] === s.carePeriodIndex))
        assert.equal(s.startDate, at(s.episodeIndexes[0] as number).startDate)
      }
    }),
    { numRuns: 150 },
  )
  t.pass('invariants hold')
})

t.test('admissions without short-break changes are exactly the RNE S episodes outside V3/V4', async (t) => {
  fc.assert(
    fc.property(validHistoryArb, (h) => {
      const plain = careEvents(h.episodes)
        .filter((e) => e.kind === 'admission' && !e.shortBreakChange)
        .map((e) => e.episodeIndex)
      const rneS = h.episodes.flatMap((e, i) => (e.reasonNewEpisode === 'S' && !isShortBreak(e) ? [i] : []))
      assert.deepEqual(plain, rneS)
    }),
    { numRuns: 200 },
  )
  t.pass('admissions match')
})

const monthArb = fc.integer({ min: 0, max: 12 * 30 }).map((k) => addMonths('2004-01-01', k).slice(0, 7))

t.test("monthly movements: end = start + admissions - cessations, and start is last month's end", async (t) => {
  fc.assert(
    fc.property(validChildrenArb(25), monthArb, fc.integer({ min: 0, max: 36 }), (children, from, span) => {
      const to = addMonths(`${from}-01`, span).slice(0, 7)
      const episodes = children.map((c) => c.episodes)
      const rows = movements(episodes, from, to)
      if (rows.length !== span + 1) throw new Error(`expected ${span + 1} months, got ${rows.length}`)
      rows.forEach((r, k) => {
        if (r.end !== r.start + r.admissions - r.cessations) throw new Error(`identity broken in ${r.month}: ${JSON.stringify(r)}`)
        if (k > 0 && r.start !== rows[k - 1]?.end) throw new Error(`start of ${r.month} is not the previous end`)
        const counted = (d: string) => episodes.filter((e) => isInCareOn(e, d)).length
        if (r.end !== counted(r.monthEnd)) throw new Error(`end of ${r.month} is not the in-care count`)
        if (r.start !== counted(addDays(r.monthStart, -1))) throw new Error(`start of ${r.month} is not the in-care count`)
      })
    }),
    { numRuns: 150 },
  )
  t.pass('identity holds')
})

t.test('times in care (5b): in care on a day exactly when a time in care holds it, starting at the latest admission', async (t) => {
  fc.assert(
    fc.property(shuffledHistoryArb, fc.array(fc.integer({ min: 0, max: 4000 }), { minLength: 5, maxLength: 20 }), (h, offsets) => {
      const history = deriveCareHistory(h.episodes)
      const admissions = careEvents(h.episodes).filter((e) => e.kind === 'admission')
      h.episodes.forEach((e, i) => assert.equal(history.timeInCareOf[i] === null, isShortBreak(e), 'short-break episodes only are outside a time in care'))
      for (const time of history.timesInCare) {
        // Each starts with an admission (RNE S or the change from short breaks) and stays in one period.
        assert.ok(admissions.some((a) => a.date === time.startDate && a.episodeIndex === time.episodeIndexes[0]))
        for (const i of time.episodeIndexes) assert.equal(history.carePeriodOf[i], time.carePeriodIndex)
      }
      const first = h.episodes.map((e) => e.startDate).sort()[0] as string
      for (const d of offsets.map((o) => addDays(first, o - 30))) {
        const holding = history.timesInCare.filter((x) => x.startDate <= d && (x.endDate === null || x.endDate > d))
        assert.equal(holding.length > 0, isInCareOn(h.episodes, d), d)
        assert.ok(holding.length <= 1)
        const state = currentState(h.episodes, d)
        if (state?.inCare) {
          const latest = admissions.filter((a) => a.date <= d).at(-1)
          assert.equal(state.careStart, latest?.date, `careStart on ${d}`)
          assert.equal(state.careStart, holding[0]?.startDate)
        } else if (state) assert.equal(state.careStart, null)
      }
    }),
    { numRuns: 300 },
  )
  t.pass('times in care agree with in care on a day and with admissions')
})
