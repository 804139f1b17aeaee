/**
 * How billingdata's resellers and invoices derive from the seeded world and fixtures. The bearer token's
 * OAuth client selects the reseller: a client listed under a fixture tenant acts for it (qa-client →
 * reseller-1); any other client gets a generated reseller of its own, billed monthly up to 2026-10.
 */
import type { WorldContext } from '../../src/engine/define-mock.js'
import { memoize } from '../../src/world/cache.js'
import { addMonths, daysInMonth, isoDate, isoMonth, parseMonth, type Month } from '../../src/world/calendar.js'
import { checked, fake, seededFaker } from '../../src/world/fake.js'
import { entitySeed } from '../../src/world/seed.js'
import { BillingInvoiceSchema, type BillingInvoice, type BillingdataFixtures } from './schemas.js'

/** The last billed month of generated resellers: the world's fixed "today". */
export const REFERENCE_MONTH = '2026-10'

export interface Reseller {
  tenantId: string
  customerName: string
  /** Oldest billing period first. */
  invoices: BillingInvoice[]
}

export interface BillingdataWorld {
  resellerOf: (clientId: string) => Reseller
  /** The scenario the fixtures tag the client's tenant with. */
  scenarioOf: (clientId: string) => string | undefined
}

interface TenantSpec { tenantId: string, customerName: string, from: string, invoices: number, scenario?: string }

export function createBillingdataWorld ({ seed, fixtures }: WorldContext<BillingdataFixtures>): BillingdataWorld {
  const byClient = new Map<string, TenantSpec>()
  for (const tenant of fixtures?.tenants ?? []) {
    for (const client of tenant.clients) byClient.set(client, tenant)
  }

  const build = memoize(5_000, (clientId: string): Reseller => {
    const spec = byClient.get(clientId) ?? generatedTenant(seed, clientId)
    const first = parseMonth(spec.from)
    const invoices = Array.from({ length: spec.invoices }, (_, index) => invoiceFor(seed, spec, addMonths(first, index)))
    return { tenantId: spec.tenantId, customerName: spec.customerName, invoices }
  })

  return { resellerOf: build, scenarioOf: (clientId) => byClient.get(clientId)?.scenario }
}

function generatedTenant (seed: number, clientId: string): TenantSpec {
  const faker = seededFaker(entitySeed(seed, 'billingdata', `tenant:${clientId}`))
  const from = addMonths(parseMonth(REFERENCE_MONTH), -faker.number.int({ min: 6, max: 30 }))
  const last = parseMonth(REFERENCE_MONTH)
  return {
    tenantId: faker.string.uuid(),
    customerName: faker.company.name(),
    from: isoMonth(from),
    invoices: (last.year * 12 + last.month) - (from.year * 12 + from.month) + 1
  }
}

function invoiceFor (seed: number, tenant: TenantSpec, month: Month): BillingInvoice {
  const invoiceSeed = entitySeed(seed, 'billingdata', `invoice:${tenant.tenantId}:${isoMonth(month)}`)
  const generated = fake(BillingInvoiceSchema, invoiceSeed, `billingdata invoice of ${tenant.tenantId} for ${isoMonth(month)}`)
  return checked(BillingInvoiceSchema, {
    ...generated,
    tenantId: tenant.tenantId,
    invoiceNumber: `INV-${month.year}-${String(invoiceSeed % 1_000_000).padStart(6, '0')}`,
    customerName: tenant.customerName,
    billingPeriodStart: `${isoDate(month, 1)}T00:00:00.000+00:00`,
    billingPeriodEnd: `${isoDate(month, daysInMonth(month))}T23:59:59.999+00:00`
  }, `billingdata invoice of ${tenant.tenantId} for ${isoMonth(month)}`)
}
