/**
 * The error every typed client throws for a non-2xx answer, or one it cannot use.
 */

/** A non-2xx answer (or an unusable one), with the API's own error body. */
export class ApiError extends Error {
  readonly method: string
  readonly url: string
  readonly status: number
  readonly body: unknown

  constructor (method: string, url: string, status: number, body: unknown, message?: string) {
    super(message ?? `${method} ${url} answered ${status}: ${typeof body === 'string' ? body.slice(0, 200) : JSON.stringify(body)?.slice(0, 200) ?? ''}`)
    this.name = 'ApiError'
    this.method = method
    this.url = url
    this.status = status
    this.body = body
  }
}
