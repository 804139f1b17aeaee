/**
 * tigo_b2b_hn_billing_v2 (000_11bdf90203667fa5.txt, quoted in README.md). Field names verbatim.
 */
import { Type, type Static } from '../../src/typebox.js'
import { StringEnum } from '../../src/engine/schema.js'
import { TigoErrorBodySchema } from '../tigo.js'
import { ScenarioTagSchema } from '../../src/engine/scenario-schema.js'

/** `type`: which rendering of the invoice. The upstream does not list the values; these are the mock's. */
export const INVOICE_TYPES = ['SUMMARY', 'DETAIL'] as const
/** `typeResult`: the file format inside `invoice`. PDF always; XML (UBL 2.1) for invoices with an e-invoice. */
export const RESULT_TYPES = ['PDF', 'XML'] as const

/** A Honduran mobile number in international form: 504 and eight digits, the first 3, 7, 8 or 9. */
export const MSISDN_PATTERN = '^504[3789][0-9]{7}$'
/** SAR's fiscal numbering: establishment-emission point-document type-correlative, e.g. 000-001-01-00012345. */
export const INVOICE_NUMBER_PATTERN = '^[0-9]{3}-[0-9]{3}-[0-9]{2}-[0-9]{8}$'

export const InvoiceParamsSchema = Type.Object({
  msisdn: Type.String({ pattern: MSISDN_PATTERN, description: 'Customer Msisdn: 504 followed by the eight-digit mobile number, e.g. 50499990001.' })
})

export const InvoiceQuerySchema = Type.Object({
  invoiceNumber: Type.String({ pattern: INVOICE_NUMBER_PATTERN, description: 'Invoice Number Identification (SAR format 000-001-01-00012345).' }),
  invoiceDate: Type.String({ format: 'date', description: 'Date of issue of the invoice (yyyy-mm-dd); must match the invoice.' }),
  type: StringEnum(INVOICE_TYPES, { description: 'Type of invoice to be returned: SUMMARY (one page of grouped charges) or DETAIL (every call, SMS and data session, over several pages).' }),
  typeResult: StringEnum(RESULT_TYPES, { description: 'Format of the invoice to be returned: PDF, or XML (the UBL 2.1 e-invoice, for invoices that have one).' })
})

export const InvoiceSchema = Type.Object({
  status: Type.String({ description: 'Result of the execution of ws: "OK".' }),
  message: Type.String({ description: 'Shows the message that accompanies the status of the service query' }),
  invoice: Type.String({ format: 'byte', description: 'Result of the invoice returned in B64 format: the PDF, or the UBL XML with typeResult=XML.' })
}, { additionalProperties: false })

/** The Tigo errorBody, shared with the other Tigo API (mocks/tigo.ts). */
export const ErrorBodySchema = TigoErrorBodySchema

export const HnFixturesSchema = Type.Object({
  customers: Type.Optional(Type.Array(Type.Object({
    msisdn: Type.String({ pattern: MSISDN_PATTERN }),
    name: Type.Optional(Type.String({ minLength: 1 })),
    scenario: ScenarioTagSchema,
    invoices: Type.Array(Type.Object({
      invoiceNumber: Type.String({ pattern: INVOICE_NUMBER_PATTERN }),
      invoiceDate: Type.String({ format: 'date' }),
      eInvoice: Type.Optional(Type.Boolean({ description: 'Whether the invoice has a UBL e-invoice (typeResult=XML). Default true.' }))
    }, { additionalProperties: false }), { minItems: 1 })
  }, { additionalProperties: false })))
}, { additionalProperties: false })

export type HnFixtures = Static<typeof HnFixturesSchema>
export type InvoiceType = typeof INVOICE_TYPES[number]
export type ResultType = typeof RESULT_TYPES[number]
export type InvoiceAnswer = Static<typeof InvoiceSchema>
