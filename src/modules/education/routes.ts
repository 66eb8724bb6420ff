import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { Kysely } from 'kysely'
import type { Database } from '../../db/database.ts'
import { academicYearLabel, academicYearOf, curriculumYear, schoolAgeBirthRange, termBounds, termOf } from '../../domain/education/school-year.ts'
import { attendanceThisYear, exclusionsThisYear, pepDue } from '../../domain/education/summary.ts'
import { todayInEngland } from '../../domain/dates/today.ts'
import { pageOf } from '../../http/pagination.ts'
import { notFound, problemResponses } from '../../http/problem.ts'
import { LaParams } from '../../http/schemas.ts'
import { requireScope } from '../../plugins/auth.ts'
import {
  attainment,
  AttainmentRecord,
  ATTAINMENT_WORDS,
  attendance,
  AttendanceRecord,
  ATTENDANCE_WORDS,
  ExclusionRecord,
  exclusions,
  EXCLUSION_WORDS,
  PepRecord,
  peps,
  PEP_WORDS,
} from '../partner-records/kinds/education.ts'
import { partnerRecordRoutes } from '../partner-records/routes.ts'
import { RecordParams } from '../partner-records/schemas.ts'
import { childEducationFacts, exclusionsSince, pepsDue, persistentAbsence } from './queries.ts'
import {
  AttainmentBody,
  AttendanceBody,
  ChildEducation,
  ChildEducationQuery,
  ChildParams,
  ExclusionsBody,
  ListQuery,
  PepsDueList,
  PersistentAbsenceList,
  PepsBody,
  StoredAttainment,
  StoredAttendance,
  StoredExclusion,
  StoredPep,
  SuspensionsList,
} from './schemas.ts'

const TAGS = ['education']
const write = requireScope('education:write')
const read = requireScope('records:read', 'child:read')

const CHILD =
  'The virtual school names the child by UPN (or childId), with its own record id: posting the id again updates the record ' +
  '(or leaves it unchanged), `purge: true` removes it. A UPN no child has is a 422, one two children share a 409.'

/** The virtual school's returns (PEPs, attendance, suspensions and exclusions, attainment) and each child's education. */
export function educationRoutes(db: Kysely<Database>): FastifyPluginAsyncTypebox {
  return async (app) => {
    for (const s of [PepRecord, AttendanceRecord, ExclusionRecord, AttainmentRecord, StoredPep, StoredAttendance, StoredExclusion, StoredAttainment])
      app.addSchema(s)

    partnerRecordRoutes(app, {
      tags: TAGS,
      security: write,
      kind: () => peps,
      post: {
        path: '/v1/authorities/:la/education/peps',
        summary: 'Post personal education plans (PEP meetings): date, completed or draft, initial or review, quality',
        description: `${CHILD} Refused per record (422, field named): a date in the future or before birth, a quality rating on a draft.`,
        body: PepsBody,
        record: PepRecord,
        noun: 'PEP',
        words: PEP_WORDS,
      },
      delete: {
        path: '/v1/authorities/:la/education/peps/:recordId',
        summary: 'Remove a PEP by its record id',
        params: RecordParams,
        param: 'recordId',
        missing: 'No PEP with this record id.',
      },
    })

    partnerRecordRoutes(app, {
      tags: TAGS,
      security: write,
      kind: () => attendance,
      post: {
        path: '/v1/authorities/:la/education/attendance',
        summary: "Post termly attendance: a child's possible and attended sessions, and absences, for one term",
        description:
          `${CHILD} Terms are fixed for counting (domain doc 5c): autumn 1 September-31 December, spring 1 January-31 March, ` +
          'summer 1 April-31 August. Refused per record (422, field named): a term that has not begun or ended before birth, an ' +
          'academic year that is not one (2024/26), sessions attended (or attended and absent) above possible sessions, more ' +
          'sessions than the term holds. A child below Reception or past Year 13 that year is stored with a warning.',
        body: AttendanceBody,
        record: AttendanceRecord,
        noun: 'attendance return',
        words: ATTENDANCE_WORDS,
      },
      delete: {
        path: '/v1/authorities/:la/education/attendance/:recordId',
        summary: 'Remove an attendance return by its record id',
        params: RecordParams,
        param: 'recordId',
        missing: 'No attendance return with this record id.',
      },
    })

    partnerRecordRoutes(app, {
      tags: TAGS,
      security: write,
      kind: () => exclusions,
      post: {
        path: '/v1/authorities/:la/education/exclusions',
        summary: 'Post suspensions and permanent exclusions: kind, start date, school days',
        description:
          `${CHILD} Refused per record (422, field named): a start date in the future or before birth, a suspension without ` +
          'days or over 45 school days, days that are not whole or half days.',
        body: ExclusionsBody,
        record: ExclusionRecord,
        noun: 'suspension or exclusion',
        words: EXCLUSION_WORDS,
      },
      delete: {
        path: '/v1/authorities/:la/education/exclusions/:recordId',
        summary: 'Remove a suspension or permanent exclusion by its record id',
        params: RecordParams,
        param: 'recordId',
        missing: 'No suspension or exclusion with this record id.',
      },
    })

    partnerRecordRoutes(app, {
      tags: TAGS,
      security: write,
      kind: () => attainment,
      post: {
        path: '/v1/authorities/:la/education/attainment',
        summary: 'Post key stage results: EYFS good level of development, KS2 reading, writing and maths, KS4 Attainment 8 and English and maths 4+',
        description:
          `${CHILD} Refused per record (422, field named): an academic year not begun or ended before birth, a key stage's field ` +
          'missing, a field of another key stage given, an Attainment 8 score with more than two decimals. A result for a child ' +
          "not in that key stage's year by age (Reception, Year 6, Year 11) is stored with a warning (out of year group).",
        body: AttainmentBody,
        record: AttainmentRecord,
        noun: 'result',
        words: ATTAINMENT_WORDS,
      },
      delete: {
        path: '/v1/authorities/:la/education/attainment/:recordId',
        summary: 'Remove a key stage result by its record id',
        params: RecordParams,
        param: 'recordId',
        missing: 'No result with this record id.',
      },
    })

    app.get(
      '/v1/authorities/:la/children/:childId/education',
      {
        schema: {
          tags: TAGS,
          summary: "A child's education: the PEP due and the last, attendance this school year, suspensions, results",
          description:
            'Worked out at asAt (default today) by domain doc 5c: school years run 1 September to 31 August; the PEP counts from the ' +
            'current time in care (V3/V4 short breaks never count) and only completed PEPs meet a due date; attendance and ' +
            'suspensions are those of the academic year holding asAt. Every record is listed too.',
          security: read,
          params: ChildParams,
          querystring: ChildEducationQuery,
          response: { 200: ChildEducation, ...problemResponses(400, 401, 403, 404) },
        },
        config: { auditRead: true },
      },
      async (request) => {
        const { la, childId } = request.params
        const asAt = request.query.asAt ?? todayInEngland()
        const facts = await childEducationFacts(db, la, childId)
        if (!facts) throw notFound('No such child.')
        const year = academicYearOf(asAt)
        return {
          childId,
          asAt,
          schoolYear: { academicYear: academicYearLabel(year), curriculumYear: curriculumYear(facts.dateOfBirth, year) },
          pep: pepDue({ dateOfBirth: facts.dateOfBirth, asAt, timesInCare: facts.timesInCare, peps: facts.peps }),
          attendance: attendanceThisYear(asAt, facts.attendance),
          exclusions: exclusionsThisYear(asAt, facts.exclusions),
          peps: facts.peps,
          attendanceRecords: facts.attendance.map((r) => ({ ...r, academicYear: academicYearLabel(r.academicYear) })),
          exclusionRecords: facts.exclusions,
          results: facts.results.map((r) => ({ ...r, academicYear: academicYearLabel(r.academicYear) })),
        }
      },
    )

    /** The term holding asAt, as the lists name it. */
    const termAt = (asAt: string) => {
      const t = termOf(asAt)
      return { academicYear: academicYearLabel(t.academicYear), term: t.term, ...termBounds(t.academicYear, t.term) }
    }
    const LIST = { security: read, params: LaParams, querystring: ListQuery }

    app.get(
      '/v1/authorities/:la/education/peps-due',
      {
        schema: {
          tags: TAGS,
          summary: 'Children in care with no completed PEP this term',
          description:
            'Children looked after on asAt (V3/V4 short breaks are not), Reception to Year 11 that school year, with no completed PEP ' +
            'dated from the first day of the term holding asAt (or of their time in care, if later) up to asAt; with when the PEP is ' +
            "due (as the child's education answer gives it: 20 working days after a time in care began for a child with none yet, " +
            'otherwise the end of this term). By child id, paged.',
          ...LIST,
          response: { 200: PepsDueList, ...problemResponses(400, 401, 403) },
        },
        config: { auditRead: true },
      },
      async (request) => {
        const asAt = request.query.asAt ?? todayInEngland()
        const { limit = 100, cursor } = request.query
        const term = termAt(asAt)
        const year = academicYearOf(asAt)
        const rows = await pepsDue(db, request.params.la, { asAt, termStart: term.start, ...schoolAgeBirthRange(year), limit, after: cursor ?? null })
        const page = pageOf(rows, limit, (last) => last.childId)
        return {
          asAt,
          term,
          nextCursor: page.nextCursor,
          items: page.items.map((r) => {
            const last = r.lastCompleted === null ? [] : [{ recordId: '', date: r.lastCompleted, status: 'completed' as const, kind: null, quality: null }]
            const due = pepDue({ dateOfBirth: r.dateOfBirth, asAt, timesInCare: [{ startDate: r.careStart, endDate: null }], peps: last })
            return {
              childId: r.childId,
              upn: r.upn,
              curriculumYear: curriculumYear(r.dateOfBirth, year),
              careStart: r.careStart,
              lastCompleted: r.lastCompleted,
              dueBy: due.dueBy,
              overdue: due.overdue,
            }
          }),
        }
      },
    )

    app.get(
      '/v1/authorities/:la/education/persistent-absence',
      {
        schema: {
          tags: TAGS,
          summary: 'Children in care below 90% attendance this school year',
          description:
            'Children looked after on asAt whose termly returns for the academic year holding asAt add up to sessions attended strictly ' +
            'below 90% of possible sessions (a child with no possible sessions is not listed). By child id, paged.',
          ...LIST,
          response: { 200: PersistentAbsenceList, ...problemResponses(400, 401, 403) },
        },
        config: { auditRead: true },
      },
      async (request) => {
        const asAt = request.query.asAt ?? todayInEngland()
        const { limit = 100, cursor } = request.query
        const year = academicYearOf(asAt)
        const page = pageOf(
          await persistentAbsence(db, request.params.la, { asAt, academicYear: year, limit, after: cursor ?? null }),
          limit,
          (last) => last.childId,
        )
        return {
          asAt,
          academicYear: academicYearLabel(year),
          nextCursor: page.nextCursor,
          items: page.items.map((r) => ({
            childId: r.childId,
            upn: r.upn,
            curriculumYear: curriculumYear(r.dateOfBirth, year),
            possibleSessions: r.possibleSessions,
            attendedSessions: r.attendedSessions,
            rate: Math.round((r.attendedSessions / r.possibleSessions) * 10000) / 10000,
          })),
        }
      },
    )

    app.get(
      '/v1/authorities/:la/education/suspensions',
      {
        schema: {
          tags: TAGS,
          summary: 'Children in care suspended or permanently excluded this term',
          description:
            'Children looked after on asAt with a suspension or permanent exclusion starting from the first day of the term holding ' +
            'asAt up to asAt: how many suspensions, the school days they took, permanent exclusions, and the records. By child id, paged.',
          ...LIST,
          response: { 200: SuspensionsList, ...problemResponses(400, 401, 403) },
        },
        config: { auditRead: true },
      },
      async (request) => {
        const asAt = request.query.asAt ?? todayInEngland()
        const { limit = 100, cursor } = request.query
        const term = termAt(asAt)
        const page = pageOf(
          await exclusionsSince(db, request.params.la, { asAt, from: term.start, limit, after: cursor ?? null }),
          limit,
          (last) => last.childId,
        )
        return {
          asAt,
          term,
          nextCursor: page.nextCursor,
          items: page.items.map((r) => {
            const suspensions = r.records.filter((x) => x.kind === 'suspension')
            return {
              childId: r.childId,
              upn: r.upn,
              suspensions: suspensions.length,
              daysLost: suspensions.reduce((n, x) => n + (x.days ?? 0), 0),
              permanentExclusions: r.records.length - suspensions.length,
              records: r.records,
            }
          }),
        }
      },
    )
  }
}
