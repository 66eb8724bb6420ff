import t from 'tap'
import { isPrivateAddress, parseAllowedHosts, webhookUrlProblem } from '../../../src/domain/webhooks/urls.ts'

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

t.test('private, loopback and link-local addresses are refused unless the host is allowed', async (t) => {
  for (const ip of ['10.0.0.5', '127.0.0.1', '172.16.0.1', '172.31.255.255', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '224.0.0.1']) {
    t.ok(isPrivateAddress(ip), ip)
  }
  for (const ip of ['::1', '::', '::ffff:10.0.0.1', 'fd12:3456::1', 'fe80::1', 'ff02::1']) t.ok(isPrivateAddress(ip), ip)
  for (const ip of ['8.8.8.8', '172.32.0.1', '100.128.0.1', '2a00:1450:4009::200e', 'trust.nhs.example']) t.notOk(isPrivateAddress(ip), ip)
  t.match(webhookUrlProblem('https://169.254.169.254/latest', new Set()), /private, loopback or link-local/)
  t.match(webhookUrlProblem('https://[::1]:8443/x', new Set()), /private/)
  t.equal(webhookUrlProblem('https://127.0.0.1:8443/x', new Set(['127.0.0.1'])), null, 'listed by the operator')
})
