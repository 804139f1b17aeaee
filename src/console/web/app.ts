/**
 * The QA console in the browser. It uses the public admin API only (/__admin/openapi.json documents every
 * call it makes) and the mocked APIs themselves, so it works the same with --workers and with a shared Redis
 * state. Preact with htm: components and hooks as in React, templates without a compile step of their own,
 * about 5 KB; esbuild bundles it at `npm run build`.
 */
import { html, render } from 'htm/preact'
import { useCallback, useEffect, useMemo, useState } from 'preact/hooks'
import type { JournalEntry } from '../../assembly/journal.js'
import { FILE_TYPES, fileKind, type FileKind } from '../../documents/file-kind.js'
import './console.css'

const ADMIN = '/__admin'
const TOKEN_KEY = 'billing-mocks-admin-token'

// --- talking to the server ---------------------------------------------------------------------------------

class NeedsToken extends Error {}

let adminToken = sessionStorage.getItem(TOKEN_KEY) ?? ''

function adminHeaders (extra: Record<string, string> = {}): Record<string, string> {
  return { ...extra, ...(adminToken === '' ? {} : { authorization: `Bearer ${adminToken}` }) }
}

/** An admin API call; its error body's message when it fails. */
async function admin<T> (path: string, init: { method?: string, body?: unknown } = {}): Promise<T> {
  const response = await fetch(`${ADMIN}${path}`, {
    method: init.method ?? 'GET',
    headers: adminHeaders(init.body === undefined ? {} : { 'content-type': 'application/json' }),
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) })
  })
  if (response.status === 401) throw new NeedsToken('The admin API needs its token.')
  if (response.status === 204) return undefined as T
  const body = await response.json().catch(() => ({})) as { message?: string }
  if (!response.ok) throw new Error(body.message ?? `${response.status} ${response.statusText}`)
  return body as T
}

/** A bearer token for the APIs, minted by the admin API and reused until shortly before it expires. */
let apiToken: { value: string, until: number } | undefined
async function bearer (): Promise<string> {
  if (apiToken !== undefined && apiToken.until > Date.now()) return apiToken.value
  const minted = await admin<{ access_token: string, expires_in: number }>('/tokens', { method: 'POST', body: {} })
  apiToken = { value: minted.access_token, until: Date.now() + Math.max(0, minted.expires_in - 60) * 1000 }
  return minted.access_token
}

interface Example { name: string, method: string, path: string, headers: Record<string, string>, body?: unknown }
interface Api { id: string, title: string, openapi: string, docs: string, errorCodes: string[], secured: boolean, examples: Example[] }
interface Scenario { name: string, description?: string, api?: string, route?: string, source: string, state?: string, states?: Record<string, unknown> }
interface Activation { id: string, scenario: string, api?: string, route?: string, remaining?: number, used: number, match?: { headers?: Record<string, string>, client?: string, token?: string } }
/** A journal entry, as GET /__admin/requests and the live stream give it. */
type Entry = JournalEntry
interface Fixtures { files: string[], scenarios: number, loadedAt: string, lastError?: { at: string, message: string } }
interface World { seed: number, apis: Record<string, { fixtures: any, generated?: string }> }

/** Sends a request to a mocked API with a fresh token (replacing any the request had). */
async function send (request: { method: string, path: string, headers: Record<string, string>, body?: unknown }): Promise<Response> {
  const headers: Record<string, string> = { ...request.headers, authorization: `Bearer ${await bearer()}` }
  const body = request.body === undefined ? undefined : typeof request.body === 'string' ? request.body : JSON.stringify(request.body)
  return await fetch(request.path, { method: request.method, headers, ...(body === undefined ? {} : { body }) })
}

/** The same request as a curl command line. */
function curl (request: Example, token: string): string {
  const parts = [`curl -s -X ${request.method} '${location.origin}${request.path}'`, `-H 'authorization: Bearer ${token}'`]
  for (const [name, value] of Object.entries(request.headers)) parts.push(`-H '${name}: ${value}'`)
  if (request.body !== undefined) parts.push(`-d '${JSON.stringify(request.body)}'`)
  return parts.join(' \\\n  ')
}

interface File { bytes: Uint8Array<ArrayBuffer>, kind: FileKind }

/** A file inside a JSON answer: the first string that is base64 of a PDF, a ZIP or XML. */
function fileIn (value: unknown): File | undefined {
  if (typeof value === 'string' && value.length > 64 && /^[A-Za-z0-9+/]+={0,2}$/.test(value)) {
    // The first 16 characters are 12 whole bytes: enough to tell the kind before decoding it all.
    const kind = fileKind(base64Bytes(value.slice(0, 16)))
    return kind === undefined ? undefined : { bytes: base64Bytes(value), kind }
  }
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) {
      const found = fileIn(child)
      if (found !== undefined) return found
    }
  }
  return undefined
}

function base64Bytes (base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64)
  const bytes = new Uint8Array(new ArrayBuffer(binary.length))
  for (let index = 0; index < binary.length; index++) bytes[index] = binary.charCodeAt(index)
  return bytes
}

/** Opens a PDF in the browser's viewer; saves anything else. */
function deliver (file: File, name: string): string {
  const url = URL.createObjectURL(new Blob([file.bytes], { type: FILE_TYPES[file.kind] }))
  if (file.kind === 'pdf') window.open(url, '_blank', 'noopener')
  else {
    const link = document.createElement('a')
    link.href = url
    link.download = `${name}.${file.kind}`
    link.click()
  }
  return url
}

/** Reads the admin API's server-sent events (with fetch, so that the admin token can go in a header). */
function useLive (enabled: boolean, onEvent: (event: string, data: any) => void): boolean {
  const [connected, setConnected] = useState(false)
  useEffect(() => {
    if (!enabled) return
    const controller = new AbortController()
    const connect = async (): Promise<void> => {
      while (!controller.signal.aborted) {
        try {
          const response = await fetch(`${ADMIN}/requests/stream`, { headers: adminHeaders(), signal: controller.signal })
          if (!response.ok || response.body === null) throw new Error(String(response.status))
          setConnected(true)
          const reader = response.body.pipeThrough(new TextDecoderStream()).getReader()
          let buffer = ''
          for (;;) {
            const { value, done } = await reader.read()
            if (done) break
            buffer += value
            let end = buffer.indexOf('\n\n')
            while (end >= 0) {
              const block = buffer.slice(0, end)
              buffer = buffer.slice(end + 2)
              const event = /^event: (.*)$/m.exec(block)?.[1]
              const data = /^data: (.*)$/m.exec(block)?.[1]
              if (event !== undefined && data !== undefined) onEvent(event, JSON.parse(data))
              end = buffer.indexOf('\n\n')
            }
          }
        } catch {}
        setConnected(false)
        if (!controller.signal.aborted) await new Promise((resolve) => setTimeout(resolve, 1000))
      }
    }
    connect().catch(() => {})
    return () => { controller.abort() }
  }, [enabled])
  return connected
}

// --- components ---------------------------------------------------------------------------------------------

function TokenForm ({ onDone }: { onDone: () => void }): any {
  const [value, setValue] = useState('')
  return html`<form class="panel token" onSubmit=${(event: Event) => { event.preventDefault(); adminToken = value; sessionStorage.setItem(TOKEN_KEY, value); onDone() }}>
    <h2>Admin token</h2>
    <p>This server has an admin token (--admin-token). Enter it to use the console; it stays in this tab only.</p>
    <label for="admin-token">Admin token</label>
    <input id="admin-token" type="password" autocomplete="off" value=${value} onInput=${(event: any) => setValue(event.currentTarget.value)} />
    <button type="submit">Use token</button>
  </form>`
}

function Apis ({ apis, world }: { apis: Api[], world: World | undefined }): any {
  const [results, setResults] = useState<Record<string, string>>({})
  const [shown, setShown] = useState<{ key: string, text: string } | undefined>()
  const run = async (example: Example, key: string): Promise<void> => {
    setResults((old) => ({ ...old, [key]: 'sending…' }))
    try {
      const response = await send(example)
      setResults((old) => ({ ...old, [key]: `${response.status} ${response.statusText}` }))
    } catch (err) {
      setResults((old) => ({ ...old, [key]: (err as Error).message }))
    }
  }
  const copy = async (example: Example, key: string): Promise<void> => {
    const text = curl(example, await bearer())
    setShown({ key, text })
    await navigator.clipboard?.writeText(text).catch(() => {})
  }
  return html`<section class="panel" aria-labelledby="apis-title">
    <h2 id="apis-title">APIs</h2>
    ${apis.map((api) => html`<article class="api" key=${api.id}>
      <h3>${api.id} <small>${api.title}</small></h3>
      <p><a href=${api.openapi}>OpenAPI document</a> · <a href=${api.docs}>/docs</a></p>
      ${api.examples.map((example, index) => {
        const key = `${api.id}-${index}`
        return html`<div class="example" key=${key}>
          <code>${example.method} ${example.path}</code> <span class="muted">${example.name}</span>
          <div class="actions">
            <button type="button" data-send=${api.id} onClick=${() => { run(example, key).catch(() => {}) }}>Send</button>
            <button type="button" onClick=${() => { copy(example, key).catch(() => {}) }}>Copy as curl</button>
            <output aria-live="polite" data-result=${api.id}>${results[key] ?? ''}</output>
          </div>
          ${shown?.key === key ? html`<pre class="curl" aria-label="curl command">${shown.text}</pre>` : null}
        </div>`
      })}
      ${world?.apis[api.id] === undefined
        ? null
        : html`<details><summary>Fixture identities</summary>
            <pre>${JSON.stringify(world.apis[api.id]?.fixtures, null, 2)}</pre>
            ${world.apis[api.id]?.generated === undefined ? null : html`<p class="muted">Also answered with generated data: ${world.apis[api.id]?.generated}</p>`}
          </details>`}
    </article>`)}
  </section>`
}

function ActivateForm ({ name, api, onDone }: { name: string, api: string | undefined, onDone: (message: string) => void }): any {
  const [fields, setFields] = useState({ times: '', route: '', header: '', client: '', token: '' })
  const set = (key: keyof typeof fields) => (event: any) => setFields((old) => ({ ...old, [key]: event.currentTarget.value }))
  const submit = async (event: Event): Promise<void> => {
    event.preventDefault()
    const match: Record<string, unknown> = {}
    const header = /^\s*([^:\s]+)\s*:\s*(.+?)\s*$/.exec(fields.header)
    if (header !== null) match.headers = { [header[1] ?? '']: header[2] ?? '' }
    if (fields.client !== '') match.client = fields.client
    if (fields.token !== '') match.token = fields.token
    const body = {
      ...(api === undefined ? {} : { api }),
      ...(fields.times === '' ? {} : { times: Number(fields.times) }),
      ...(fields.route === '' ? {} : { route: fields.route }),
      ...(Object.keys(match).length === 0 ? {} : { match })
    }
    try {
      await admin(`/scenarios/${encodeURIComponent(name)}/activate`, { method: 'POST', body })
      onDone(`${name} activated`)
    } catch (err) {
      onDone((err as Error).message)
    }
  }
  const id = (field: string): string => `activate-${name}-${field}`
  return html`<form class="activate" onSubmit=${(event: Event) => { submit(event).catch(() => {}) }}>
    <label for=${id('times')}>Times (empty: until switched off)</label><input id=${id('times')} type="number" min="1" value=${fields.times} onInput=${set('times')} />
    <label for=${id('route')}>Route (operationId or "GET /path")</label><input id=${id('route')} value=${fields.route} onInput=${set('route')} />
    <label for=${id('header')}>Only with header (name: value)</label><input id=${id('header')} placeholder="x-test-run: suite-a" value=${fields.header} onInput=${set('header')} />
    <label for=${id('client')}>Only for client</label><input id=${id('client')} value=${fields.client} onInput=${set('client')} />
    <label for=${id('token')}>Only with token</label><input id=${id('token')} value=${fields.token} onInput=${set('token')} />
    <button type="submit">Activate ${name}</button>
  </form>`
}

function Scenarios ({ apis, activations, reload }: { apis: Api[], activations: Activation[], reload: number }): any {
  const [list, setList] = useState<{ scenarios: Scenario[], errorCodes: Record<string, string[]> } | undefined>()
  const [search, setSearch] = useState('')
  const [api, setApi] = useState('')
  const [open, setOpen] = useState<string | undefined>()
  const [message, setMessage] = useState('')
  useEffect(() => { admin<{ scenarios: Scenario[], errorCodes: Record<string, string[]> }>('/scenarios').then(setList, (err: Error) => setMessage(err.message)) }, [reload, activations])
  const rows = useMemo(() => {
    const named = (list?.scenarios ?? []).map((scenario) => ({ key: `named:${scenario.name}`, name: scenario.name, api: scenario.api, kind: scenario.source, about: scenario.description ?? '', state: scenario.state }))
    const codes = Object.entries(list?.errorCodes ?? {}).flatMap(([id, names]) => names.map((name) => ({ key: `${id}:${name}`, name, api: id as string | undefined, kind: 'error code', about: `${id}'s documented error`, state: undefined as string | undefined })))
    const needle = search.trim().toLowerCase()
    return [...named, ...codes].filter((row) => (api === '' || row.api === undefined || row.api === api) && (needle === '' || `${row.name} ${row.about} ${row.api ?? ''}`.toLowerCase().includes(needle)))
  }, [list, search, api])
  const act = async (what: Promise<unknown>, done: string): Promise<void> => {
    try { await what; setMessage(done) } catch (err) { setMessage((err as Error).message) }
  }
  return html`<section class="panel" aria-labelledby="scenarios-title">
    <h2 id="scenarios-title">Scenarios</h2>
    <div class="filters">
      <label for="scenario-search">Search scenarios</label><input id="scenario-search" type="search" value=${search} onInput=${(event: any) => setSearch(event.currentTarget.value)} />
      <label for="scenario-api">API</label>
      <select id="scenario-api" value=${api} onChange=${(event: any) => setApi(event.currentTarget.value)}>
        <option value="">all</option>${apis.map((candidate) => html`<option value=${candidate.id}>${candidate.id}</option>`)}
      </select>
    </div>
    <p role="status" class="message">${message}</p>
    <h3>Active</h3>
    ${activations.length === 0
      ? html`<p class="muted" data-testid="no-activations">Nothing is switched on: every request gets its normal answer.</p>`
      : html`<table class="activations"><thead><tr><th>scenario</th><th>API</th><th>route</th><th>left</th><th>used</th><th>only for</th><th><span class="sr-only">actions</span></th></tr></thead><tbody>
        ${activations.map((activation) => html`<tr key=${activation.id} data-activation=${activation.scenario}>
          <td>${activation.scenario}</td><td>${activation.api ?? 'any'}</td><td>${activation.route ?? 'any'}</td>
          <td>${activation.remaining ?? '∞'}</td><td>${activation.used}</td><td>${activation.match === undefined ? '' : JSON.stringify(activation.match)}</td>
          <td><button type="button" onClick=${() => { act(admin(`/activations/${activation.id}`, { method: 'DELETE' }), `${activation.scenario} switched off`).catch(() => {}) }}>Deactivate ${activation.scenario}</button></td>
        </tr>`)}
      </tbody></table>`}
    <div class="actions">
      <button type="button" onClick=${() => { act(admin('/activations', { method: 'DELETE' }), 'every activation switched off').catch(() => {}) }}>Deactivate all</button>
      <button type="button" onClick=${() => { act(admin('/reset', { method: 'POST' }), 'reset: activations off, states back to Started, journal emptied').catch(() => {}) }}>Reset everything</button>
    </div>
    <h3>Catalogue <small>${rows.length}</small></h3>
    <ul class="catalogue">
      ${rows.map((row) => html`<li key=${row.key}>
        <div><strong>${row.name}</strong> <span class="tag">${row.kind}</span> ${row.api === undefined ? null : html`<span class="tag">${row.api}</span>`} ${row.state === undefined ? null : html`<span class="tag">state: ${row.state}</span>`}
          <div class="muted">${row.about}</div></div>
        <button type="button" aria-expanded=${open === row.key} onClick=${() => setOpen(open === row.key ? undefined : row.key)}>Activate…</button>
        ${open === row.key ? html`<${ActivateForm} name=${row.name} api=${row.kind === 'error code' ? row.api : undefined} onDone=${(text: string) => { setMessage(text); setOpen(undefined) }} />` : null}
      </li>`)}
    </ul>
  </section>`
}

function Journal ({ entries, connected }: { entries: Entry[], connected: boolean }): any {
  const [api, setApi] = useState('')
  const [status, setStatus] = useState('')
  const [header, setHeader] = useState('')
  const [selected, setSelected] = useState<number | undefined>()
  const [message, setMessage] = useState('')
  const shown = entries.filter((entry) =>
    (api === '' || entry.api === api) &&
    (status === '' || String(entry.status).startsWith(status)) &&
    (header === '' || Object.entries(entry.headers ?? {}).some(([name, value]) => `${name}: ${value}`.toLowerCase().includes(header.toLowerCase()))))
  const entry = entries.find((candidate) => candidate.id === selected)
  const apis = [...new Set(entries.map((candidate) => candidate.api).filter((id): id is string => id !== null))].sort()
  const download = async (from: Entry): Promise<void> => {
    const headers = Object.fromEntries(Object.entries(from.headers).filter(([name]) => !['authorization', 'host', 'content-length', 'connection', 'cookie', 'accept-encoding'].includes(name)))
    const response = await send({ method: from.method, path: from.url, headers, ...(from.body === undefined ? {} : { body: from.body }) })
    const file = response.ok ? fileIn(await response.json().catch(() => undefined)) : undefined
    if (file === undefined) { setMessage(response.ok ? 'This answer holds no file.' : `The request now answers ${response.status}.`); return }
    deliver(file, `${from.api ?? 'file'}-${from.id}`)
    setMessage(`${file.kind.toUpperCase()} of request ${from.id} ${file.kind === 'pdf' ? 'opened' : 'downloaded'}`)
  }
  return html`<section class="panel journal" aria-labelledby="journal-title">
    <h2 id="journal-title">Requests <span class=${connected ? 'live on' : 'live'} role="status">${connected ? 'live' : 'connecting…'}</span></h2>
    <div class="filters">
      <label for="journal-api">API</label>
      <select id="journal-api" value=${api} onChange=${(event: any) => setApi(event.currentTarget.value)}><option value="">all</option>${apis.map((id) => html`<option value=${id}>${id}</option>`)}</select>
      <label for="journal-status">Status</label><input id="journal-status" size="4" placeholder="4" value=${status} onInput=${(event: any) => setStatus(event.currentTarget.value)} />
      <label for="journal-header">Header contains</label><input id="journal-header" placeholder="x-test-run: suite-a" value=${header} onInput=${(event: any) => setHeader(event.currentTarget.value)} />
    </div>
    <p role="status" class="message">${message}</p>
    <table class="requests"><thead><tr><th>time</th><th>request</th><th>status</th><th>scenario</th><th>replica</th></tr></thead><tbody>
      ${shown.map((row) => html`<tr key=${row.id} class=${row.status >= 400 || row.status === 0 ? 'failed' : ''} aria-selected=${row.id === selected}>
        <td>${row.at.slice(11, 23)}</td>
        <td><button type="button" class="link" data-request=${row.id} onClick=${() => setSelected(row.id)}>${row.method} ${row.url}</button></td>
        <td data-status=${row.status}>${row.status}</td><td>${row.scenario?.name ?? ''}</td><td>${row.replica ?? ''}</td>
      </tr>`)}
    </tbody></table>
    ${entry === undefined
      ? null
      : html`<article class="detail" aria-label="Request ${entry.id}">
        <h3>${entry.method} ${entry.url} → ${entry.status} <small>${entry.durationMs} ms</small></h3>
        <p>Route: ${entry.route ?? 'none matched'}${entry.scenario === undefined ? '' : ` · answered by scenario ${entry.scenario.name} (${entry.scenario.source}${entry.scenario.state === undefined ? '' : `, state ${entry.scenario.state}`})`}${entry.recorded === true ? ' · a recorded exchange answered' : ''}${entry.replica === undefined ? '' : ` · replica ${entry.replica}`}</p>
        <h4>Request headers</h4><pre>${JSON.stringify(entry.headers, null, 2)}</pre>
        ${entry.body === undefined ? null : html`<h4>Request body</h4><pre>${JSON.stringify(entry.body, null, 2)}</pre>`}
        ${entry.responseBody === undefined ? null : html`<h4>Answer body</h4><pre>${entry.responseBody}</pre>`}
        ${entry.nearMisses === undefined ? null : html`<h4>Nearest routes</h4><pre>${JSON.stringify(entry.nearMisses, null, 2)}</pre>`}
        ${entry.status >= 200 && entry.status < 300 ? html`<button type="button" onClick=${() => { download(entry).catch((err: Error) => setMessage(err.message)) }}>Download its file</button>` : null}
      </article>`}
  </section>`
}

function Files ({ world }: { world: World | undefined }): any {
  const customers = (world?.apis['hn-billing']?.fixtures?.customers ?? []) as Array<{ msisdn: string, name: string, invoices?: Array<{ invoiceNumber: string, invoiceDate: string }> }>
  const [customer, setCustomer] = useState(0)
  const [invoice, setInvoice] = useState(0)
  const [type, setType] = useState('SUMMARY')
  const [pdf, setPdf] = useState<string | undefined>()
  const [xml, setXml] = useState<string | undefined>()
  const [message, setMessage] = useState('')
  const chosen = customers[customer]
  const bill = chosen?.invoices?.[invoice]
  const fetchFile = async (kind: 'PDF' | 'XML'): Promise<void> => {
    if (chosen === undefined || bill === undefined) return
    const query = new URLSearchParams({ invoiceNumber: bill.invoiceNumber, invoiceDate: bill.invoiceDate, type, typeResult: kind })
    const response = await send({ method: 'POST', path: `/hn-billing/customers/${chosen.msisdn}/invoices?${query.toString()}`, headers: {} })
    const file = response.ok ? fileIn(await response.json()) : undefined
    if (file === undefined) { setMessage(`hn-billing answered ${response.status}`); return }
    setMessage('')
    if (kind === 'PDF') setPdf(URL.createObjectURL(new Blob([file.bytes], { type: FILE_TYPES[file.kind] })))
    else setXml(new TextDecoder().decode(file.bytes))
  }
  return html`<section class="panel" aria-labelledby="files-title">
    <h2 id="files-title">Invoice files</h2>
    <div class="filters">
      <label for="file-customer">Customer (hn-billing fixtures)</label>
      <select id="file-customer" value=${customer} onChange=${(event: any) => { setCustomer(Number(event.currentTarget.value)); setInvoice(0) }}>
        ${customers.map((candidate, index) => html`<option value=${index}>${candidate.msisdn} — ${candidate.name}</option>`)}
      </select>
      <label for="file-invoice">Invoice</label>
      <select id="file-invoice" value=${invoice} onChange=${(event: any) => setInvoice(Number(event.currentTarget.value))}>
        ${(chosen?.invoices ?? []).map((candidate, index) => html`<option value=${index}>${candidate.invoiceNumber} (${candidate.invoiceDate})</option>`)}
      </select>
      <label for="file-type">Variant</label>
      <select id="file-type" value=${type} onChange=${(event: any) => setType(event.currentTarget.value)}><option>SUMMARY</option><option>DETAIL</option></select>
      <button type="button" onClick=${() => { fetchFile('PDF').catch((err: Error) => setMessage(err.message)) }}>Preview PDF</button>
      <button type="button" onClick=${() => { fetchFile('XML').catch((err: Error) => setMessage(err.message)) }}>Show XML</button>
    </div>
    <p role="status" class="message">${message}</p>
    ${pdf === undefined ? null : html`<iframe class="pdf" title="Invoice PDF" src=${pdf}></iframe>`}
    ${xml === undefined ? null : html`<pre class="xml" aria-label="Invoice XML">${xml}</pre>`}
  </section>`
}

function FixturesPanel ({ onReloaded }: { onReloaded: () => void }): any {
  const [status, setStatus] = useState<Fixtures | undefined>()
  const [problem, setProblem] = useState<string | undefined>()
  const [message, setMessage] = useState('')
  const read = useCallback(() => {
    admin<Fixtures>('/fixtures').then((fixtures) => { setStatus(fixtures); setProblem(fixtures.lastError?.message) }, (err: Error) => setProblem(err.message))
  }, [])
  useEffect(read, [])
  const reload = async (): Promise<void> => {
    try {
      const reloaded = await admin<Fixtures & { changes: string[] }>('/fixtures/reload', { method: 'POST' })
      setStatus(reloaded)
      setProblem(undefined)
      setMessage(`Reloaded at ${new Date().toLocaleTimeString()}${reloaded.changes.length === 0 ? '' : `: ${reloaded.changes.join('; ')}`}`)
      onReloaded()
    } catch (err) {
      setProblem((err as Error).message)
      setMessage('')
    }
  }
  return html`<section class="panel" aria-labelledby="fixtures-title">
    <h2 id="fixtures-title">Fixtures</h2>
    ${status === undefined ? null : html`<p>Loaded at ${status.loadedAt}: ${status.scenarios} scenarios from</p><ul>${status.files.map((file) => html`<li><code>${file}</code></li>`)}</ul>`}
    <button type="button" onClick=${() => { reload().catch(() => {}) }}>Reload fixtures</button>
    <p role="status" class="message">${message}</p>
    ${problem === undefined ? null : html`<div class="problem" role="alert"><strong>The fixture files could not be loaded; the ones in force stay.</strong><pre>${problem}</pre></div>`}
  </section>`
}

function App (): any {
  const [needsToken, setNeedsToken] = useState(false)
  const [apis, setApis] = useState<Api[]>([])
  const [world, setWorld] = useState<World | undefined>()
  const [activations, setActivations] = useState<Activation[]>([])
  const [entries, setEntries] = useState<Entry[]>([])
  const [reloads, setReloads] = useState(0)
  const [problem, setProblem] = useState<string | undefined>()
  const failed = (err: unknown): void => {
    if (err instanceof NeedsToken) setNeedsToken(true)
    else setProblem((err as Error).message)
  }
  useEffect(() => {
    if (needsToken) return
    admin<Api[]>('/apis').then(setApis, failed)
    admin<World>('/world').then(setWorld, failed)
  }, [needsToken, reloads])
  const connected = useLive(!needsToken && apis.length > 0, (event, data) => {
    if (event === 'request') setEntries((old) => [data as Entry, ...old].slice(0, 500))
    if (event === 'cleared') setEntries([])
    if (event === 'activations') setActivations(data as Activation[])
  })
  if (needsToken) return html`<main><h1>billing-mocks QA console</h1><${TokenForm} onDone=${() => setNeedsToken(false)} /></main>`
  return html`<header><h1>billing-mocks QA console</h1><nav aria-label="Elsewhere"><a href="/docs">API docs</a> · <a href="${ADMIN}/openapi.json">admin API</a></nav></header>
    ${problem === undefined ? null : html`<div class="problem" role="alert">${problem}</div>`}
    <main class="grid">
      <${Apis} apis=${apis} world=${world} />
      <${Scenarios} apis=${apis} activations=${activations} reload=${reloads} />
      <${Journal} entries=${entries} connected=${connected} />
      <${Files} world=${world} />
      <${FixturesPanel} onReloaded=${() => setReloads((count) => count + 1)} />
    </main>`
}

const root = document.getElementById('console')
if (root !== null) render(html`<${App} />`, root)
