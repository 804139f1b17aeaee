/**
 * How invoice-files' customers, invoices and files derive from fixtures and the seeded world. Customers
 * and invoices exist only as the fixtures list them (their amounts and lines are generated from the
 * seed); any other customer ID answers CUSTOMER_1002. A token's OAuth client acts for the customer that
 * lists it under `requestors`.
 */
import type { WorldContext } from '../../src/engine/define-mock.js'
import { createDocumentCache, pinnedDate, renderInvoicePdf, renderInvoiceUbl, zipFiles, type InvoiceDocument } from '../../src/documents/index.js'
import { addMonths, daysInMonth, isoDate, parseMonth } from '../../src/world/calendar.js'
import { seededFaker } from '../../src/world/fake.js'
import { entitySeed } from '../../src/world/seed.js'
import type { InvoiceFilesFixtures, Issuer } from './schemas.js'

export interface FilesInvoice {
  id: string
  number: string
  issueDate: string
  files: ReadonlyArray<'pdf' | 'xml'>
  customerId: string
}

export interface FilesCustomer {
  id: string
  name: string
  parent: string | undefined
  issuer: Issuer
  /** The scenario the fixtures tag the customer with: its downloads, and those it requests, get it. */
  scenario: string | undefined
  invoices: FilesInvoice[]
}

export interface InvoiceFilesWorld {
  customer: (id: string) => FilesCustomer | undefined
  /** The customer a client's tokens act for. */
  requestorCustomer: (clientId: string) => FilesCustomer | undefined
  /** Whether `customerId` is the requestor's own customer or one of its direct sub-customers. */
  eligible: (requestor: FilesCustomer, customerId: string) => boolean
  /** One file as is when the invoices result in one file; a ZIP of all of them otherwise. */
  attachment: (invoices: FilesInvoice[]) => Promise<Buffer>
}

const DEFAULT_ISSUER: Issuer = {
  name: 'FLO Telecomunicaciones S.A.',
  taxId: '0801-9015-123456',
  address: 'Centro Corporativo Los Próceres, Torre 2, piso 9',
  city: 'Tegucigalpa',
  country: 'HN',
  currency: 'USD',
  taxName: 'IVA',
  taxRate: 0.15
}

const SERVICES = [
  { description: 'Enlace dedicado de Internet 100 Mbps', price: 45_000 },
  { description: 'Líneas móviles corporativas', price: 2_500 },
  { description: 'Centralita en la nube (extensiones)', price: 800 },
  { description: 'Soporte técnico 24/7', price: 12_000 },
  { description: 'Almacenamiento de respaldo 1 TB', price: 6_000 },
  { description: 'Servicio de SMS masivo (paquete de 1000)', price: 1_500 }
] as const

export function createInvoiceFilesWorld ({ seed, fixtures }: WorldContext<InvoiceFilesFixtures>): InvoiceFilesWorld {
  const customers = new Map<string, FilesCustomer>()
  const byClient = new Map<string, string>()
  for (const customer of fixtures?.customers ?? []) {
    const id = customer.id.toLowerCase()
    customers.set(id, {
      id,
      name: customer.name,
      parent: customer.parent?.toLowerCase(),
      issuer: customer.issuer ?? DEFAULT_ISSUER,
      scenario: customer.scenario,
      invoices: customer.invoices.map((invoice) => ({ id: invoice.id.toLowerCase(), number: invoice.number, issueDate: invoice.issueDate, files: invoice.files as Array<'pdf' | 'xml'>, customerId: id }))
    })
    for (const client of customer.requestors ?? []) byClient.set(client, id)
  }

  const cache = createDocumentCache({ maxBytes: 64 * 1024 * 1024 })
  const file = async (invoice: FilesInvoice, kind: 'pdf' | 'xml'): Promise<Buffer> => cache.get(`${invoice.id}.${kind}`, async () => {
    const customer = customers.get(invoice.customerId)
    if (customer === undefined) throw new Error(`invoice ${invoice.id} belongs to no customer`)
    const document = invoiceDocument(seed, customer, invoice)
    return kind === 'xml' ? renderInvoiceUbl(document) : await renderInvoicePdf(document)
  })

  return {
    customer: (id) => customers.get(id.toLowerCase()),
    requestorCustomer (clientId) {
      const id = byClient.get(clientId)
      return id === undefined ? undefined : customers.get(id)
    },
    eligible: (requestor, customerId) => customerId === requestor.id || customers.get(customerId)?.parent === requestor.id,
    async attachment (invoices) {
      const entries = invoices.flatMap((invoice) => invoice.files.map((kind) => ({ invoice, kind })))
      if (entries.length === 1 && entries[0] !== undefined) return file(entries[0].invoice, entries[0].kind)
      // 004_715d166116d01f0a.txt: "When downloading multiple invoices, the downloaded file is a zip file".
      const key = entries.map(({ invoice, kind }) => `${invoice.id}.${kind}`).join(',')
      return cache.get(`zip:${key}`, async () => {
        // Each entry carries its own invoice's issue date, the instant its PDF is stamped with (pinnedDate: noon
        // UTC, no clock), so a ZIP's listing shows when each invoice was issued and the bytes stay the same.
        const files = await Promise.all(entries.map(async ({ invoice, kind }) => ({
          name: `${invoice.number}.${kind}`,
          data: await file(invoice, kind),
          date: pinnedDate({ issueDate: invoice.issueDate, invoiceNumber: invoice.number })
        })))
        // The date of any entry without its own (none today): the latest issue date, pinned as well.
        const latest = invoices.map((invoice) => invoice.issueDate).sort().at(-1) ?? '2026-01-01'
        return zipFiles(files, new Date(`${latest}T12:00:00Z`))
      })
    }
  }
}

/** A business invoice from the customer's issuer: a few monthly services for the month before issue. */
export function invoiceDocument (seed: number, customer: FilesCustomer, invoice: FilesInvoice): InvoiceDocument {
  const faker = seededFaker(entitySeed(seed, 'invoice-files', `invoice:${invoice.id}`))
  const party = seededFaker(entitySeed(seed, 'invoice-files', `customer:${customer.id}`))
  const period = addMonths(parseMonth(invoice.issueDate), -1)
  const services = faker.helpers.arrayElements(SERVICES, { min: 2, max: 5 })
  const dueDate = isoDate(parseMonth(invoice.issueDate), 30)
  return {
    issuer: { name: customer.issuer.name, taxId: customer.issuer.taxId, address: customer.issuer.address, city: customer.issuer.city, country: customer.issuer.country },
    customer: {
      name: customer.name,
      taxId: party.string.numeric(14),
      address: `${party.location.street()} ${party.number.int({ min: 1, max: 999 })}`,
      city: party.location.city(),
      country: customer.issuer.country,
      idLabel: 'Customer ID',
      id: customer.id
    },
    invoiceNumber: invoice.number,
    issueDate: invoice.issueDate,
    dueDate,
    period: { start: isoDate(period, 1), end: isoDate(period, daysInMonth(period)) },
    currency: customer.issuer.currency,
    taxName: customer.issuer.taxName,
    lines: services.map((service) => ({
      description: service.description,
      quantity: service.price < 3_000 ? faker.number.int({ min: 5, max: 60 }) : 1,
      unitPrice: service.price,
      taxRate: customer.issuer.taxRate
    })),
    variant: 'summary',
    notes: [
      `Vence el ${dueDate}. Transferencia a la cuenta indicada en su contrato, referencia ${invoice.number}.`,
      'Documento de prueba generado por billing-mocks: datos ficticios.'
    ]
  }
}
