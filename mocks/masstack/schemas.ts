/**
 * MasStack customers API v2, Invoices (002_e7fe3ad17e3570aa.txt, quoted in README.md). Field names verbatim.
 */
import { Type, type Static } from '../../src/typebox.js'
import { StringEnum } from '../../src/engine/schema.js'
import { ScenarioTagSchema } from '../../src/engine/scenario-schema.js'

export const INVOICE_STATES = { 1: 'PENDIENTE', 2: 'PAGADO', 3: 'DEVUELTO' } as const

export const PeriodDateSchema = Type.Object({
  start_date: Type.String({ format: 'date', description: 'First day of the period (yyyy-mm-dd), as applied.' }),
  end_date: Type.String({ format: 'date', description: 'Last day of the period (yyyy-mm-dd), as applied.' })
}, { additionalProperties: false })

export const InvoiceStatusSchema = Type.Object({
  id: Type.Integer({ description: '1 PENDIENTE (not charged yet), 2 PAGADO (charged), 3 DEVUELTO (direct debit returned).', minimum: 1, maximum: 3 }),
  value: StringEnum(['PENDIENTE', 'PAGADO', 'DEVUELTO'])
}, { additionalProperties: false })

export const CycleSchema = Type.Object({
  start_date: Type.String({ format: 'date-time' }),
  end_date: Type.String({ format: 'date-time' })
}, { additionalProperties: false })

export const InvoiceInfoDetailSchema = Type.Object({
  value: Type.Number({ description: 'Total amount, EUR, VAT included.', minimum: 0, 'x-faker': { 'finance.amount': [{ min: 9.9, max: 89.9, dec: 2 }] } }),
  delivery_mode: StringEnum(['yosoymas', 'email', 'postal'], { description: 'How the invoice reaches the customer: "yosoymas" (customer area), e-mail or post.' }),
  date: Type.String({ format: 'date-time', description: 'Issue instant (midnight Madrid time, in UTC).' }),
  pay_date: Type.String({ format: 'date-time', description: 'Direct-debit charge instant (scheduled, for a PENDIENTE invoice).' }),
  number: Type.String({ pattern: '^MM[0-9]{8}$', description: 'Invoice number.' }),
  path: Type.String({ description: 'Storage path of the invoice PDF.' }),
  status: InvoiceStatusSchema,
  cycle: CycleSchema
}, { additionalProperties: false })

export const InvoiceInfoListSchema = Type.Object({
  account_id: Type.Integer({ format: 'int64', description: 'account identifier' }),
  period_date: PeriodDateSchema,
  invoices: Type.Array(InvoiceInfoDetailSchema)
}, { additionalProperties: false })

export const ErrorMessageSchema = Type.Object({
  code: Type.Integer({ description: 'HTTP status code.' }),
  message: Type.String({ description: 'What failed, naming the parameter or resource.' })
}, { additionalProperties: false, description: 'The upstream names this schema without showing it; this shape is the mock\'s choice (see README).' })

export const InvoicesParamsSchema = Type.Object({
  orgId: Type.String({ description: 'organization name', minLength: 1 }),
  accountId: Type.Integer({ format: 'int64', description: 'account identifier', minimum: 0 })
})

export const InvoicesQuerySchema = Type.Object({
  start_date: Type.Optional(Type.String({ format: 'date', description: 'start date query with format yyyy-mm-dd. Default: the account\'s first billing day.' })),
  end_date: Type.Optional(Type.String({ format: 'date', description: 'end date query with format yyyy-mm-dd. Default: the account\'s last billed day (2026-10-31 for generated accounts).' }))
})

export const InvoicesHeadersSchema = Type.Object({
  'x-auth-roles': Type.String({ minLength: 1, description: 'Roles of the caller, set by the MasStack gateway (e.g. API_KEY). Required: without it the answer is 400.' })
})

export const MasstackFixturesSchema = Type.Object({
  accounts: Type.Optional(Type.Array(Type.Object({
    orgId: Type.String({ minLength: 1 }),
    accountId: Type.Integer({ minimum: 0 }),
    from: Type.String({ format: 'date', description: 'First billing day.' }),
    to: Type.String({ format: 'date', description: 'Last day billed (the last invoice closes the cycle of this month).' }),
    scenario: ScenarioTagSchema
  }, { additionalProperties: false })))
}, { additionalProperties: false })

export type InvoiceInfoDetail = Static<typeof InvoiceInfoDetailSchema>
export type InvoiceInfoList = Static<typeof InvoiceInfoListSchema>
export type PeriodDate = Static<typeof PeriodDateSchema>
export type MasstackFixtures = Static<typeof MasstackFixturesSchema>
