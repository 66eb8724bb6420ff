/**
 * The SDQs due list (GET /v1/authorities/{la}/sdq/due) as other parts of the service read it: the
 * daily webhook job announces sdq.due from the same rows (src/webhook-due-sources.ts).
 */
export { sdqDue, type DueRow } from './queries.ts'
