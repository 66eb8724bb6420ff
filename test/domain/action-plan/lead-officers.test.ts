import t from 'tap'
import { splitLeadOfficers } from '../../../src/domain/action-plan/lead-officers.ts'

t.test('cells from the 2025 plan', async (t) => {
  t.same(splitLeadOfficers('Jo Hacking'), ['Jo Hacking'])
  t.same(splitLeadOfficers('Beccy Hinnet/ Sarah Vallance'), ['Beccy Hinnet', 'Sarah Vallance'])
  t.same(splitLeadOfficers('Beccy Hinnet/ Sarah Vallance/ AP and APs from Leaving Care and CiC.'), [
    'Beccy Hinnet',
    'Sarah Vallance',
    'AP and APs from Leaving Care and CiC.',
  ])
  t.same(splitLeadOfficers('Toni Traynor/ Tracie Setter/QA lead'), ['Toni Traynor', 'Tracie Setter', 'QA lead'])
  t.same(splitLeadOfficers('PFA Board /Kirsty-Louise Littlewo'), ['PFA Board', 'Kirsty-Louise Littlewo'])
  t.same(splitLeadOfficers('Sarah Green and Kim Wilson'), ['Sarah Green', 'Kim Wilson'])
  t.same(splitLeadOfficers('Pete Douglas/ (Tina Hohn)'), ['Pete Douglas', 'Tina Hohn'])
  t.same(splitLeadOfficers('Beccy Hinnett/ Sarah Vallance/ Voice and Influence Lead'), ['Beccy Hinnett', 'Sarah Vallance', 'Voice and Influence Lead'])
  t.same(splitLeadOfficers('Vicky Chew – Service Manager Fostering\nRichard Fisher – Service Manager Residential Care Services.'), [
    'Vicky Chew – Service Manager Fostering',
    'Richard Fisher – Service Manager Residential Care Services.',
  ])
  t.same(splitLeadOfficers(''), [])
})

t.test('other separators', async (t) => {
  t.same(splitLeadOfficers('Jane Wood, Paul Stinson; Vicky Chew & Kim Wilson'), ['Jane Wood', 'Paul Stinson', 'Vicky Chew', 'Kim Wilson'])
  t.same(splitLeadOfficers('Vicky Chew - Service Manager, Fostering'), ['Vicky Chew - Service Manager, Fostering'])
  t.same(splitLeadOfficers(' / () / '), [])
})
