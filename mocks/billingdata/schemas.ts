/**
 * Reseller billing data, "Obtener todo (facturas)" (003_71f51202695df187.txt, quoted in README.md, a Spanish
 * machine translation). Field names verbatim; the sample's two glued arrays are served as one well-formed
 * answer, with the Spanish keys by default and the English ones behind --billingdata-keys en.
 */
import { Type, type Static } from '../../src/typebox.js'
import { ScenarioTagSchema } from '../../src/engine/scenario-schema.js'

export const PAGING = { defaultPageSize: 50, maxPageSize: 100 } as const

export const BillingInvoiceSchema = Type.Object({
  tenantId: Type.String({ description: 'Reseller tenant ID.' }),
  invoiceid: Type.String({ format: 'uuid', description: 'Invoice ID.' }),
  invoiceNumber: Type.String({ pattern: '^INV-[0-9]{4}-[0-9]{6}$', description: 'Invoice number.' }),
  customerName: Type.String({ description: 'Reseller name.' }),
  billingPeriodStart: Type.String({ format: 'date-time', description: 'First instant of the billing period (yyyy-MM-ddTHH:mm:ss.SSS+00:00).' }),
  billingPeriodEnd: Type.String({ format: 'date-time', description: 'Last instant of the billing period.' }),
  invoiceValue: Type.Number({ minimum: 0, description: 'Invoice total.', 'x-faker': { 'finance.amount': [{ min: 120, max: 480, dec: 2 }] } })
}, { additionalProperties: false })

const envelope = {
  page_size: Type.Integer({ minimum: 0, description: 'Number of invoices in this page (as in the upstream sample: 4 invoices, page_size 4).' }),
  timestamp: Type.String({ description: 'Moment of the answer, ISO 8601 with seven fraction digits (frozen by --clock).' })
}

export const BillingDataSpanishSchema = Type.Object({
  page_size: envelope.page_size,
  Datos: Type.Array(BillingInvoiceSchema, { description: 'Invoices of the page, oldest billing period first.' }),
  status: Type.String({ enum: ['éxito'] }),
  timestamp: envelope.timestamp
}, { additionalProperties: false, title: 'BillingDataEs', description: 'Default keys, as the translated document shows them.' })

export const BillingDataEnglishSchema = Type.Object({
  page_size: envelope.page_size,
  data: Type.Array(BillingInvoiceSchema, { description: 'Invoices of the page, oldest billing period first.' }),
  status: Type.String({ enum: ['success'] }),
  timestamp: envelope.timestamp
}, { additionalProperties: false, title: 'BillingDataEn', description: 'English keys (server option --billingdata-keys en), most likely what the provider really sends.' })

export const BillingDataSchema = Type.Union([BillingDataSpanishSchema, BillingDataEnglishSchema])

export const BillingErrorSchema = Type.Object({
  status: Type.String({ enum: ['error'] }),
  message: Type.String({ description: 'What failed and how to fix it.' }),
  timestamp: envelope.timestamp
}, { additionalProperties: false, description: 'The upstream shows only "HTTP/1.1 401"; this body is the mock\'s choice (see README).' })

export const BillingDataQuerySchema = Type.Object({
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000, description: 'Page number, from 1 (default 1).' })),
  page_size: Type.Optional(Type.Integer({ minimum: 1, maximum: PAGING.maxPageSize, description: `Invoices per page, 1–${PAGING.maxPageSize} (default ${PAGING.defaultPageSize}).` }))
})

export const BillingdataFixturesSchema = Type.Object({
  tenants: Type.Optional(Type.Array(Type.Object({
    tenantId: Type.String({ minLength: 1 }),
    customerName: Type.String({ minLength: 1 }),
    clients: Type.Array(Type.String({ minLength: 1 }), { description: 'OAuth client_ids whose tokens act for this reseller.' }),
    from: Type.String({ pattern: '^[0-9]{4}-(0[1-9]|1[0-2])$', description: 'First billing month, yyyy-mm.' }),
    invoices: Type.Integer({ minimum: 0, maximum: 600, description: 'Number of monthly invoices from that month on.' }),
    scenario: ScenarioTagSchema
  }, { additionalProperties: false })))
}, { additionalProperties: false })

export type BillingInvoice = Static<typeof BillingInvoiceSchema>
export type BillingdataFixtures = Static<typeof BillingdataFixturesSchema>
export type BillingData = Static<typeof BillingDataSchema>
