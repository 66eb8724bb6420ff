import t from 'tap'
import { loadConfig } from '../../../src/config.ts'
import { buildTestApp } from '../../helper.ts'

// WEBHOOK_ALLOW_LOOPBACK=true (development, tests): a receiver on this machine over plain http, by name
// or address; without it the same URLs are refused as any private address is.
const subscribe = async (env: NodeJS.ProcessEnv) => {
  const h = await buildTestApp(t, { config: { webhookAllowedHosts: loadConfig(env).webhookAllowedHosts }, webhooks: false })
  await h.authority('372')
  const key = await h.key(['kpi:read'], ['372'])
  const statuses: Record<string, number> = {}
  for (const url of ['http://localhost:8080/hook', 'http://127.0.0.1:8080/hook', 'http://[::1]:8080/hook', 'http://10.1.2.3/hook']) {
    const res = await h.call(key, { method: 'POST', url: '/v1/webhooks', payload: { url, events: ['import.completed'], authorities: ['372'] } })
    statuses[url] = res.statusCode
    if (res.statusCode === 422) t.match(res.json(), { errors: [{ pointer: '/url' }] }, `${url}: the field named`)
  }
  return statuses
}

t.test('WEBHOOK_ALLOW_LOOPBACK=true lets loopback receivers subscribe over http; other private addresses stay refused', async (t) => {
  t.same(await subscribe({ WEBHOOK_ALLOW_LOOPBACK: 'true' }), {
    'http://localhost:8080/hook': 201,
    'http://127.0.0.1:8080/hook': 201,
    'http://[::1]:8080/hook': 201,
    'http://10.1.2.3/hook': 422,
  })
})

t.test('without it (the default) every one of them is refused', async (t) => {
  t.same(await subscribe({}), {
    'http://localhost:8080/hook': 422,
    'http://127.0.0.1:8080/hook': 422,
    'http://[::1]:8080/hook': 422,
    'http://10.1.2.3/hook': 422,
  })
})

t.test('a value other than true or false stops the start, naming the variable', async (t) => {
  t.throws(() => loadConfig({ WEBHOOK_ALLOW_LOOPBACK: 'yes' }), /WEBHOOK_ALLOW_LOOPBACK/)
  t.same(loadConfig({ WEBHOOK_ALLOW_LOOPBACK: 'true', WEBHOOK_ALLOWED_HOSTS: 'hooks.trust.nhs.uk, localhost' }).webhookAllowedHosts, [
    'hooks.trust.nhs.uk',
    'localhost',
    '127.0.0.1',
    '[::1]',
  ])
})
