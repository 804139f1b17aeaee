/**
 * How masstack's accounts and invoices derive from the seeded world and fixtures. Accounts in fixtures
 * exist as written; besides them, org "telco" has a generated account for every accountId from
 * 200000000 to 299999999. Any other org or account is 404.
 */
import { memoize } from '../../src/world/cache.js'
import { addMonths, daysInMonth, isoDate, isoMonth, monthsBetween, parseMonth, type Month } from '../../src/world/calendar.js'
import { checked, fake, seededFaker } from '../../src/world/fake.js'
import { entitySeed } from '../../src/world/seed.js'
import type { WorldContext } from '../../src/engine/define-mock.js'
import { INVOICE_STATES, InvoiceInfoDetailSchema, type InvoiceInfoDetail, type MasstackFixtures } from './schemas.js'

export const GENERATED_ORG = 'telco'
export const GENERATED_ACCOUNTS = { min: 200_000_000, max: 299_999_999 } as const
/** The last billed day of generated accounts: the world's fixed "today", so answers never depend on the clock. */
export const REFERENCE_DAY = '2026-10-31'

export interface MasstackAccount {
  orgId: string
  accountId: number
  /** First and last billed day (yyyy-mm-dd): the defaults of start_date and end_date. */
  from: string
  to: string
  /** Newest first. */
  invoices: InvoiceInfoDetail[]
}

export interface MasstackWorld {
  hasOrg: (orgId: string) => boolean
  account: (orgId: string, accountId: number) => MasstackAccount | undefined
  /** The scenario the fixtures tag the account with. */
  scenarioOf: (orgId: string, accountId: number) => string | undefined
}

export function createMasstackWorld ({ seed, fixtures }: WorldContext<MasstackFixtures>): MasstackWorld {
  const pinned = new Map<string, { from: string, to: string }>()
  for (const account of fixtures?.accounts ?? []) pinned.set(`${account.orgId}/${account.accountId}`, { from: account.from, to: account.to })
  const tags = new Map((fixtures?.accounts ?? []).flatMap((account) => account.scenario === undefined ? [] : [[`${account.orgId}/${account.accountId}`, account.scenario] as const]))
  const orgs = new Set([GENERATED_ORG, ...(fixtures?.accounts ?? []).map((account) => account.orgId)])

  const build = memoize(10_000, (key: string): MasstackAccount => {
    const [orgId = '', id = '0'] = key.split('/')
    const accountId = Number(id)
    const span = pinned.get(key) ?? generatedSpan(seed, key)
    const months = monthsBetween(parseMonth(span.from), parseMonth(span.to))
    const invoices = months.map((month, index) => invoiceFor(seed, key, month, index === months.length - 1)).reverse()
    return { orgId, accountId, from: span.from, to: span.to, invoices }
  })

  return {
    hasOrg: (orgId) => orgs.has(orgId),
    scenarioOf: (orgId, accountId) => tags.get(`${orgId}/${accountId}`),
    account (orgId, accountId) {
      const key = `${orgId}/${accountId}`
      const generated = orgId === GENERATED_ORG && accountId >= GENERATED_ACCOUNTS.min && accountId <= GENERATED_ACCOUNTS.max
      return pinned.has(key) || generated ? build(key) : undefined
    }
  }
}

function generatedSpan (seed: number, key: string): { from: string, to: string } {
  const faker = seededFaker(entitySeed(seed, 'masstack', `account:${key}`))
  const first = addMonths({ year: 2023, month: 1 }, faker.number.int({ min: 0, max: 35 }))
  return { from: isoDate(first, 1), to: REFERENCE_DAY }
}

function invoiceFor (seed: number, accountKey: string, month: Month, latest: boolean): InvoiceInfoDetail {
  const invoiceSeed = entitySeed(seed, 'masstack', `invoice:${accountKey}:${isoMonth(month)}`)
  const generated = fake(InvoiceInfoDetailSchema, invoiceSeed, `masstack invoice of ${accountKey} for ${isoMonth(month)}`)
  const last = daysInMonth(month)
  // Issued at midnight Madrid time (22:00Z, as in the upstream example), charged five days later.
  const date = `${isoDate(month, last)}T22:00:00Z`
  const statusId = latest ? 1 : invoiceSeed % 20 === 0 ? 3 : 2
  const number = `MM${String(invoiceSeed % 100_000_000).padStart(8, '0')}`
  return checked(InvoiceInfoDetailSchema, {
    ...generated,
    date,
    pay_date: `${isoDate(month, last + 5)}T22:00:00Z`,
    number,
    path: `/invoices/${isoDate(month, last).replaceAll('-', '')}/${number}.pdf`,
    status: { id: statusId, value: INVOICE_STATES[statusId] },
    cycle: { start_date: `${isoDate(month, 1)}T00:00:00Z`, end_date: `${isoDate(month, last)}T23:59:59Z` }
  }, `masstack invoice ${number}`)
}
