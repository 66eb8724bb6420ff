import { Type, type Static } from '@sinclair/typebox'
import type { ReturnHomeInterviewsTable } from '../../../db/tables/mental-health-advocacy-missing.ts'
import { checkOneInterviewPerEpisode, checkReturnInterview, INTERVIEW_RESPONSES } from '../../../domain/missing/interviews.ts'
import { readIdentifiers } from '../identifiers.ts'
import type { RecordKind, StoredRow } from '../kind.ts'
import { ChildAddress, DateField, LaterDateField, literals, NullOr, PurgeFlag, RecordId, requiredUnlessPurged } from '../schemas.ts'
import { episodeKey, storedInterviewHolders } from '../stored-context.ts'

/** Return home interviews for missing episodes (domain doc 5c), from the case-management integration. */

export const ReturnInterviewRecord = Type.Object(
  {
    recordId: {
      ...RecordId,
      description: "The case-management system's own id for this interview. Posting the same id again updates it.",
      examples: ['RHI-2025-00871'],
    },
    ...ChildAddress,
    missingStart: DateField(
      "The missing episode's start (MIS_START, as in the 903 Missing table): the interview's episode is the child's episode starting that day.",
    ),
    offeredOn: LaterDateField('The day the interview was offered to the child; null while not offered.'),
    response: Type.Optional(NullOr(literals(INTERVIEW_RESPONSES, "accepted or declined: the child's answer to the offer; null while unanswered."))),
    heldOn: LaterDateField('The day the interview took place: on an accepted interview, not before offeredOn.'),
    purge: PurgeFlag,
  },
  {
    $id: 'ReturnInterviewRecord',
    additionalProperties: false,
    description:
      'A return home interview for a missing episode, one per episode, posted again (same recordId) as it goes on: offered, answered, held. ' +
      'missingStart is required unless purge is true.',
    ...requiredUnlessPurged(['missingStart']),
  },
)
export type ReturnInterviewRecord = Static<typeof ReturnInterviewRecord>

/** A case-management system's own words for the answer, accepted in a CSV file. */
export const RETURN_INTERVIEW_WORDS = { response: { Accept: 'accepted', Refused: 'declined', Declined: 'declined', Decline: 'declined' } } as const

/** The episodes' stored interviews, and how many of the batch's records name each episode. */
interface EpisodeClaims {
  stored: ReadonlyMap<string, string>
  sent: ReadonlyMap<string, number>
}

export const returnInterviews: RecordKind<ReturnInterviewRecord, StoredRow<ReturnHomeInterviewsTable>, EpisodeClaims> = {
  table: {
    table: 'return_home_interviews',
    key: 'record_id',
    columns: { record_id: 'text', child_id: 'text', missing_start: 'date', offered_on: 'date', response: 'text', held_on: 'date' },
  },
  // The batch's episodes by their child (a child may be named by two identifiers), and the interviews stored for them.
  async context(db, la, records, options) {
    const sent = new Map<string, number>()
    const episodes: Array<{ childId: string; missingStart: string }> = []
    for (const r of records) {
      if (r.missingStart === undefined) continue
      const { ids, issues } = readIdentifiers(r)
      const match = issues.length ? null : options.directory.resolve(ids)
      if (!match?.ok) continue
      const key = episodeKey(match.child.childId, r.missingStart)
      sent.set(key, (sent.get(key) ?? 0) + 1)
      episodes.push({ childId: match.child.childId, missingStart: r.missingStart })
    }
    return { sent, stored: await storedInterviewHolders(db, la, episodes, options) }
  },
  build(r, child, today, claims) {
    // Required by the schema unless the record is a purge, which is never built.
    const input = { missingStart: r.missingStart as string, offeredOn: r.offeredOn ?? null, response: r.response ?? null, heldOn: r.heldOn ?? null }
    const key = episodeKey(child.childId, input.missingStart)
    return {
      issues: [
        ...checkReturnInterview(input, child.dateOfBirth, today),
        ...checkOneInterviewPerEpisode(r.recordId, claims?.stored.get(key) ?? null, claims?.sent.get(key) ?? 1),
      ],
      row: {
        record_id: r.recordId,
        child_id: child.childId,
        missing_start: input.missingStart,
        offered_on: input.offeredOn,
        response: input.response,
        held_on: input.heldOn,
      },
    }
  },
}
