import t from 'tap'
import { generateSecret, secretBytes, sign, signedHeaders, verify } from '../../../src/domain/webhooks/signature.ts'

// The specification's published vector (standard-webhooks, libraries/javascript/src/webhook.test.ts, "sign function works").
const VECTOR = {
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
  timestamp: 1614265330,
  body: '{"test": 2432232314}',
  signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
}

t.test('signs the Standard Webhooks test vector exactly', async (t) => {
  t.equal(sign(VECTOR.secret, VECTOR.id, VECTOR.timestamp, VECTOR.body), VECTOR.signature)
  // The key is the secret's bytes: without the prefix it is the same key.
  t.equal(sign(VECTOR.secret.slice('whsec_'.length), VECTOR.id, VECTOR.timestamp, VECTOR.body), VECTOR.signature)
  t.same(signedHeaders([VECTOR.secret], VECTOR.id, VECTOR.timestamp, VECTOR.body), {
    'webhook-id': VECTOR.id,
    'webhook-timestamp': '1614265330',
    'webhook-signature': VECTOR.signature,
  })
})

t.test('verifies the vector, and refuses any change to it', async (t) => {
  const headers = signedHeaders([VECTOR.secret], VECTOR.id, VECTOR.timestamp, VECTOR.body)
  const at = { nowSeconds: VECTOR.timestamp + 10 }
  t.ok(verify([VECTOR.secret], headers, VECTOR.body, at))
  t.notOk(verify([VECTOR.secret], headers, VECTOR.body + ' ', at), 'body changed')
  t.notOk(verify([VECTOR.secret], { ...headers, 'webhook-id': 'msg_other' }, VECTOR.body, at), 'id changed')
  t.notOk(verify([VECTOR.secret], { ...headers, 'webhook-timestamp': '1614265331' }, VECTOR.body, at), 'timestamp changed')
  t.notOk(verify([generateSecret()], headers, VECTOR.body, at), 'another secret')
  t.notOk(verify([VECTOR.secret], headers, VECTOR.body, { nowSeconds: VECTOR.timestamp + 301 }), 'too old')
  t.notOk(verify([VECTOR.secret], headers, VECTOR.body, { nowSeconds: VECTOR.timestamp - 301 }), 'from the future')
  t.notOk(verify([VECTOR.secret], { ...headers, 'webhook-signature': 'v1,' }, VECTOR.body, at), 'empty signature')
  t.notOk(verify([VECTOR.secret], { ...headers, 'webhook-signature': VECTOR.signature.slice(0, 8) }, VECTOR.body, at), 'partial')
  t.notOk(verify([VECTOR.secret], { ...headers, 'webhook-signature': VECTOR.signature.replace('v1,', 'v2,') }, VECTOR.body, at), 'another scheme')
  t.notOk(verify([VECTOR.secret], { ...headers, 'webhook-timestamp': 'hello' }, VECTOR.body, at), 'timestamp not a number')
  const { 'webhook-id': _id, ...noId } = headers
  t.notOk(verify([VECTOR.secret], noId, VECTOR.body, at), 'no id')
  // Several signatures, one of them good (the specification's multi-signature case).
  const many = ['v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=', 'v2,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=', VECTOR.signature].join(' ')
  t.ok(verify([VECTOR.secret], { ...headers, 'webhook-signature': many }, VECTOR.body, at))
})

t.test('during a rotation both secrets sign, and a receiver holding either one accepts', async (t) => {
  const oldSecret = generateSecret()
  const newSecret = generateSecret()
  const now = Math.floor(Date.now() / 1000)
  const headers = signedHeaders([newSecret, oldSecret], 'msg_1', now, '{"a":1}')
  t.equal(headers['webhook-signature'].split(' ').length, 2)
  t.ok(verify([oldSecret], headers, '{"a":1}'), 'a receiver that has not updated yet')
  t.ok(verify([newSecret], headers, '{"a":1}'), 'a receiver that has')
  t.ok(verify([oldSecret, newSecret], headers, '{"a":1}'), 'a receiver holding both')
  // After the overlap only the new secret signs: the old one no longer verifies.
  const after = signedHeaders([newSecret], 'msg_2', now, '{"a":1}')
  t.notOk(verify([oldSecret], after, '{"a":1}'))
  t.ok(verify([oldSecret, newSecret], after, '{"a":1}'))
})

t.test('secrets: whsec_ and 32 random bytes; a malformed one is refused', async (t) => {
  const s = generateSecret()
  t.match(s, /^whsec_[A-Za-z0-9+/]+=*$/)
  t.equal(secretBytes(s).length, 32)
  t.not(generateSecret(), s)
  t.throws(() => secretBytes('whsec_'))
  t.throws(() => secretBytes('whsec_not base64!'))
  t.throws(() => signedHeaders([], 'msg', 1, ''))
})
