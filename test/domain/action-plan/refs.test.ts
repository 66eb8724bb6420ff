import t from 'tap'
import { checkRefFits, compareRefs, parseRef } from '../../../src/domain/action-plan/refs.ts'

t.test('parseRef', async (t) => {
  t.same(parseRef('4.3.2'), [4, 3, 2])
  t.same(parseRef('12.1'), [12, 1])
  t.same(parseRef(' 1.1 '), [1, 1])
  t.same(parseRef('1.'), [1])
  t.same(parseRef('6'), [6])
  t.equal(parseRef(''), null)
  t.equal(parseRef('4.3.2a'), null)
  t.equal(parseRef('Action Point 2.1'), null)
  t.equal(parseRef('1..2'), null)
})

t.test('a ref fits when it starts with its priority and section', async (t) => {
  t.same(checkRefFits('4.3.2', { priority: 4, section: '4.3' }), { parts: [4, 3, 2], fits: true, problems: [], suggestion: null })
  t.same(checkRefFits('3.1', { priority: 3 }), { parts: [3, 1], fits: true, problems: [], suggestion: null })
  t.same(checkRefFits('3.1', { priority: null }), { parts: [3, 1], fits: true, problems: [], suggestion: null })
})

t.test('21.5 under section 2.1 of priority 2 is a misfit, with a hint and no renumbering', async (t) => {
  t.same(checkRefFits('21.5', { priority: 2, section: '2.1' }), {
    parts: [21, 5],
    fits: false,
    problems: ['priority_mismatch', 'section_mismatch'],
    suggestion: '2.1.5',
  })
  t.same(checkRefFits('21.5', { priority: 2 }).suggestion, '2.1.5')
  t.same(checkRefFits('21.5', { priority: 2, section: '2.2' }).suggestion, null, 'a hint must fit the section')
})

t.test('other misfits', async (t) => {
  t.same(checkRefFits('12.1', { priority: 1 }), {
    parts: [12, 1],
    fits: false,
    problems: ['priority_mismatch'],
    suggestion: '1.2.1',
  })
  t.same(checkRefFits('3.1', { priority: 4 }), { parts: [3, 1], fits: false, problems: ['priority_mismatch'], suggestion: null })
  t.same(checkRefFits('4.2.1', { priority: 4, section: '4.3' }).problems, ['section_mismatch'])
  t.same(checkRefFits('4.3', { priority: 4, section: '4.3' }).problems, ['section_mismatch'], 'the section itself is not below it')
  t.same(checkRefFits('2.1.5', { priority: null, section: '2.1' }).fits, true)
  t.same(checkRefFits('x', { priority: 1 }), { parts: null, fits: false, problems: ['unparsable'], suggestion: null })
})

t.test('compareRefs orders by numbers', async (t) => {
  const refs = ['10.1', '2.10', 'b', '2.2', '2.2.1', 'a', '1.1', '2']
  t.same([...refs].sort(compareRefs), ['1.1', '2', '2.2', '2.2.1', '2.10', '10.1', 'a', 'b'])
  t.equal(compareRefs('1.1', '1.1'), 0)
  t.equal(compareRefs('a', 'a'), 0)
})
