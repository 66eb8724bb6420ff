/**
 * The care leavers list (GET /v1/authorities/{la}/care-leavers) as other parts of the service read
 * it: the daily webhook job announces pathway plan reviews and birthday contacts due from the same
 * rows (src/webhook-due-sources.ts).
 */
export { listCareLeavers, type CareLeaverRow } from './queries.ts'
