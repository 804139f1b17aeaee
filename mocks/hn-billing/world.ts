/**
 * How hn-billing's customers, invoices and invoice files derive from the seeded world and fixtures.
 * Fixture customers have exactly the invoices listed. Besides them, every MSISDN 50499000000–50499999999
 * is a generated customer with one invoice a month, issued on the 1st from 2025-11-01 to 2026-10-01 and
 * numbered 000-001-01-YYMMNNNN (NNNN: the MSISDN's last four digits); those from 2026 have an e-invoice.
 */
import type { WorldContext } from '../../src/engine/define-mock.js'
import { createDocumentCache, renderInvoicePdf, renderInvoiceUbl, type InvoiceDocument, type InvoiceLine } from '../../src/documents/index.js'
import { memoize } from '../../src/world/cache.js'
import { addMonths, daysInMonth, isoDate, isoMonth, parseMonth } from '../../src/world/calendar.js'
import { seededFaker } from '../../src/world/fake.js'
import { entitySeed } from '../../src/world/seed.js'
import type { HnFixtures, InvoiceType, ResultType } from './schemas.js'

export const GENERATED_MSISDNS = { min: 50_499_000_000, max: 50_499_999_999 } as const
/** Issue date of the latest generated invoice: the world's fixed "today". */
export const LATEST_ISSUE = '2026-10-01'

export interface HnInvoice {
  msisdn: string
  invoiceNumber: string
  /** yyyy-mm-dd */
  invoiceDate: string
  eInvoice: boolean
}

export interface HnCustomer {
  msisdn: string
  name: string | undefined
  invoices: ReadonlyMap<string, HnInvoice>
}

export interface HnWorld {
  customer: (msisdn: string) => HnCustomer | undefined
  /** The scenario the fixtures tag the customer with. */
  scenarioOf: (msisdn: string) => string | undefined
  /** The invoice rendered as asked, from a memory-bounded cache. */
  file: (invoice: HnInvoice, type: InvoiceType, format: ResultType) => Promise<Buffer>
}

export const TIGO_HONDURAS = {
  name: 'Telefónica Celular S.A. de C.V. (Tigo Honduras)',
  taxId: '08019002267041',
  address: 'Torre Tigo, Boulevard Juan Pablo II',
  city: 'Tegucigalpa, M.D.C.',
  country: 'HN'
} as const

const HONDURAN_CITIES = ['Tegucigalpa', 'San Pedro Sula', 'La Ceiba', 'Choluteca', 'Comayagua', 'El Progreso', 'Puerto Cortés', 'Danlí'] as const
const PLANS = [
  { name: 'Plan Tigo Postpago Full 10 GB', price: 59_900 },
  { name: 'Plan Tigo Postpago Full 20 GB', price: 79_900 },
  { name: 'Plan Tigo Postpago Ilimitado', price: 119_900 },
  { name: 'Plan Tigo Empresarial 30 GB', price: 99_900 }
] as const
/** Rates of usage outside the plan, in centavos. */
const RATES = { minute: 250, sms: 100, dataPack: 5_000 } as const
const ISV = 0.15

export function createHnWorld ({ seed, fixtures }: WorldContext<HnFixtures>): HnWorld {
  const pinned = new Map<string, HnCustomer>()
  const tags = new Map<string, string>()
  for (const customer of fixtures?.customers ?? []) {
    const invoices = new Map(customer.invoices.map((invoice) => [invoice.invoiceNumber, { msisdn: customer.msisdn, invoiceNumber: invoice.invoiceNumber, invoiceDate: invoice.invoiceDate, eInvoice: invoice.eInvoice ?? true }]))
    pinned.set(customer.msisdn, { msisdn: customer.msisdn, name: customer.name, invoices })
    if (customer.scenario !== undefined) tags.set(customer.msisdn, customer.scenario)
  }

  const generated = memoize(10_000, (msisdn: string): HnCustomer => {
    const latest = parseMonth(LATEST_ISSUE)
    const invoices = new Map<string, HnInvoice>()
    for (let age = 11; age >= 0; age--) {
      const month = addMonths(latest, -age)
      const invoiceNumber = `000-001-01-${String(month.year % 100).padStart(2, '0')}${String(month.month).padStart(2, '0')}${msisdn.slice(-4)}`
      invoices.set(invoiceNumber, { msisdn, invoiceNumber, invoiceDate: isoDate(month, 1), eInvoice: month.year >= 2026 })
    }
    return { msisdn, name: undefined, invoices }
  })

  const cache = createDocumentCache({ maxBytes: 64 * 1024 * 1024 })

  return {
    scenarioOf: (msisdn) => tags.get(msisdn),
    customer (msisdn) {
      const fixed = pinned.get(msisdn)
      if (fixed !== undefined) return fixed
      const number = Number(msisdn)
      return number >= GENERATED_MSISDNS.min && number <= GENERATED_MSISDNS.max ? generated(msisdn) : undefined
    },
    file (invoice, type, format) {
      const customer = pinned.get(invoice.msisdn)
      const variant = type === 'DETAIL' ? 'detail' : 'summary'
      return cache.get(`${invoice.msisdn}/${invoice.invoiceNumber}/${variant}.${format}`, async () => {
        const document = invoiceDocument(seed, invoice, customer?.name, variant)
        return format === 'XML' ? renderInvoiceUbl(document) : await renderInvoicePdf(document)
      })
    }
  }
}

/**
 * The invoice as printed: the plan, then calls, SMS and data packs outside it. DETAIL lists every call,
 * SMS and pack; SUMMARY groups them per kind at the same rates, so both show the same totals.
 */
export function invoiceDocument (seed: number, invoice: HnInvoice, fixedName: string | undefined, variant: 'summary' | 'detail'): InvoiceDocument {
  const person = seededFaker(entitySeed(seed, 'hn-billing', `customer:${invoice.msisdn}`))
  const name = fixedName ?? person.person.fullName()
  const city = person.helpers.arrayElement(HONDURAN_CITIES)
  const plan = person.helpers.arrayElement(PLANS)
  const taxId = person.string.numeric(14)
  const address = `${person.location.street()} ${person.number.int({ min: 1, max: 999 })}, Col. ${person.person.lastName()}`

  const usage = seededFaker(entitySeed(seed, 'hn-billing', `usage:${invoice.msisdn}:${invoice.invoiceNumber}`))
  const period = addMonths(parseMonth(invoice.invoiceDate), -1)
  const day = (): string => isoDate(period, usage.number.int({ min: 1, max: daysInMonth(period) })).slice(5).split('-').reverse().join('/')
  const time = (): string => `${String(usage.number.int({ min: 6, max: 22 })).padStart(2, '0')}:${String(usage.number.int({ min: 0, max: 59 })).padStart(2, '0')}`
  const calls = Array.from({ length: usage.number.int({ min: 25, max: 70 }) }, () => ({ when: `${day()} ${time()}`, to: `504 ${usage.string.numeric(4)}-${usage.string.numeric(4)}`, minutes: usage.number.int({ min: 1, max: 14 }) }))
  const sms = Array.from({ length: usage.number.int({ min: 10, max: 45 }) }, () => ({ when: `${day()} ${time()}`, to: `504 ${usage.string.numeric(4)}-${usage.string.numeric(4)}` }))
  calls.sort((a, b) => a.when.localeCompare(b.when))
  sms.sort((a, b) => a.when.localeCompare(b.when))
  const packs = Array.from({ length: usage.number.int({ min: 0, max: 4 }) }, () => ({ when: day() }))

  const planLine: InvoiceLine = { description: `${plan.name} (${isoMonth(period)})`, quantity: 1, unitPrice: plan.price, taxRate: ISV }
  const lines: InvoiceLine[] = variant === 'detail'
    ? [
        planLine,
        ...calls.map((call) => ({ description: `${call.when} Llamada a ${call.to} (${call.minutes} min)`, quantity: call.minutes, unitPrice: RATES.minute, taxRate: ISV })),
        ...sms.map((message) => ({ description: `${message.when} SMS a ${message.to}`, quantity: 1, unitPrice: RATES.sms, taxRate: ISV })),
        ...packs.map((pack) => ({ description: `${pack.when} Paquete de datos 1 GB`, quantity: 1, unitPrice: RATES.dataPack, taxRate: ISV }))
      ]
    : [
        planLine,
        // Billed by the minute: the quantity is the minutes, and the description says so (the calls are a detail).
        callMinutesLine(calls, RATES.minute, ISV),
        { description: 'Mensajes SMS', quantity: sms.length, unitPrice: RATES.sms, taxRate: ISV },
        ...(packs.length > 0 ? [{ description: 'Paquetes de datos 1 GB', quantity: packs.length, unitPrice: RATES.dataPack, taxRate: ISV }] : [])
      ]

  const issue = parseMonth(invoice.invoiceDate)
  const dueDate = isoDate(issue, 20)
  return {
    issuer: { ...TIGO_HONDURAS },
    customer: { name, taxId, address, city, country: 'HN', idLabel: 'MSISDN', id: invoice.msisdn },
    invoiceNumber: invoice.invoiceNumber,
    issueDate: invoice.invoiceDate,
    dueDate,
    period: { start: isoDate(period, 1), end: isoDate(period, daysInMonth(period)) },
    currency: 'HNL',
    taxName: 'ISV',
    lines,
    variant,
    notes: [
      `Pague antes del ${dueDate} en agencias Tigo, Tigo Money o su banca en línea.`,
      'CAI: 35BD6A-0195F4-B34BAA-8B7D0B-5C5F6E-A1  ·  Rango autorizado: 000-001-01-00000001 a 000-001-01-99999999',
      'Documento de prueba generado por billing-mocks: datos ficticios.'
    ]
  }
}

/**
 * The summary's line for calls outside the plan: the quantity is the minutes billed, and the one count the
 * description names is that same number. "Llamadas fuera del plan (25 llamadas)" over a quantity of 174
 * minutes read as a mistake (issue 16, item 6), and so would "174 min en 25 llamadas": the number of calls
 * is the DETAIL invoice's to show, one line per call.
 * @example
 * callMinutesLine([{ minutes: 3 }, { minutes: 5 }], 250, 0.15) // { description: 'Minutos fuera del plan (8 min)', quantity: 8, … }
 */
export function callMinutesLine (calls: ReadonlyArray<{ minutes: number }>, unitPrice: number, taxRate: number): InvoiceLine {
  const minutes = calls.reduce((sum, call) => sum + call.minutes, 0)
  return { description: `Minutos fuera del plan (${minutes} min)`, quantity: minutes, unitPrice, taxRate }
}
