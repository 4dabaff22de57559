// Calls to the Complaints API on the same origin (/api). Errors are the API's problem+json, kept whole so that a page
// can show each field's error next to its field.

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem ?? {};
  }

  /** The validation errors keyed by field path (consumer.phone, amountClaimed.amount), or {}. */
  get fieldErrors() {
    return this.problem.errors ?? {};
  }
}

/** The service could not be reached at all (offline, host down). */
export class NetworkError extends Error {}

/**
 * Calls the API. options: method, body (sent as JSON), token (the consumer's tracking token: Authorization: Bearer),
 * apiKey (X-Api-Key). Resolves to the parsed JSON (null for an empty body); rejects with ApiError or NetworkError.
 */
export async function api(path, options = {}) {
  const headers = { Accept: 'application/json' };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (options.token) headers.Authorization = `Bearer ${options.token}`;
  if (options.apiKey) headers['X-Api-Key'] = options.apiKey;
  let response;
  try {
    response = await fetch(path, {
      method: options.method ?? (options.body !== undefined ? 'POST' : 'GET'),
      headers,
      body: options.body !== undefined ? JSON.stringify(options.body) : undefined,
      credentials: 'omit',
      cache: 'no-store',
      referrerPolicy: 'no-referrer',
    });
  } catch (error) {
    throw new NetworkError(String(error));
  }
  const text = await response.text();
  let data = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = { detail: text };
    }
  }
  if (!response.ok) throw new ApiError(response.status, data);
  return data;
}

/** A query string of the non-empty values: query({a: 1, b: ''}) is "?a=1". */
export function query(values) {
  const parameters = new URLSearchParams();
  for (const [name, value] of Object.entries(values)) {
    if (value !== null && value !== undefined && value !== '') parameters.set(name, value);
  }
  const text = parameters.toString();
  return text ? `?${text}` : '';
}

/** Every page of a listing, up to a bound (the registry is small; the bound keeps a page from looping). */
export async function allPages(path, options = {}, maxPages = 20) {
  const items = [];
  let cursor = null;
  for (let page = 0; page < maxPages; page += 1) {
    const separator = path.includes('?') ? '&' : '?';
    const result = await api(cursor ? `${path}${separator}cursor=${encodeURIComponent(cursor)}` : path, options);
    items.push(...(result?.items ?? []));
    cursor = result?.cursor;
    if (!cursor) break;
  }
  return items;
}
