import t from 'tap'
import { splitPriorityPeople } from '../../../src/domain/action-plan/priority-people.ts'

t.test('elected members are champions, everyone else a lead', async (t) => {
  t.same(splitPriorityPeople('Cllr Smith - Chair\nJo Bloggs - Lead  Councillor Ali - Ward'), {
    champions: ['Cllr Smith - Chair', 'Councillor Ali - Ward'],
    leads: ['Jo Bloggs - Lead'],
  })
  t.same(splitPriorityPeople(null), { champions: [], leads: [] })
})
