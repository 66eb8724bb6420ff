import t from 'tap'
import { parseAllowedHosts, webhookUrlProblem } from '../../../src/domain/webhooks/urls.ts'

t.test('https only, except the hosts allowed; no credentials or fragments', async (t) => {
  const allowed = new Set(parseAllowedHosts(' 127.0.0.1, Receiver.Internal ,,'))
  t.same([...allowed], ['127.0.0.1', 'receiver.internal'])
  t.equal(webhookUrlProblem('https://trust.nhs.example/hooks', allowed), null)
  t.equal(webhookUrlProblem('http://127.0.0.1:4000/hooks', allowed), null)
  t.equal(webhookUrlProblem('http://RECEIVER.internal/x', allowed), null)
  t.match(webhookUrlProblem('http://trust.nhs.example/hooks', allowed), /must be https/)
  t.match(webhookUrlProblem('http://127.0.0.1/x', new Set()), /must be https/)
  t.match(webhookUrlProblem('ftp://127.0.0.1/x', allowed), /http or https/)
  t.match(webhookUrlProblem('https://user:pw@trust.example/x', allowed), /user name or password/)
  t.match(webhookUrlProblem('https://trust.example/x#frag', allowed), /fragment/)
  t.match(webhookUrlProblem('/relative', allowed), /absolute/)
})
