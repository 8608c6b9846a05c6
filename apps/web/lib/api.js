// The API client: the access token lives in sessionStorage (gone with the tab), refreshed once on a 401.
const BASE = '/api/v1';
const KEY = 'chengyun.session';

export const session = {
  get() {
    try {
      return JSON.parse(sessionStorage.getItem(KEY) ?? 'null');
    } catch {
      return null;
    }
  },
  set(value) {
    if (value) sessionStorage.setItem(KEY, JSON.stringify(value));
    else sessionStorage.removeItem(KEY);
  },
};

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

export async function login(username, password) {
  const response = await fetch(`${BASE}/auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new ApiError(response.status, body);
  session.set({ accessToken: body.accessToken, refreshToken: body.refreshToken });
  const me = await api('GET', '/auth/me');
  session.set({ ...session.get(), me });
  return me;
}

async function refresh() {
  const current = session.get();
  if (!current?.refreshToken) return false;
  const response = await fetch(`${BASE}/auth/refresh`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ refreshToken: current.refreshToken }),
  });
  if (!response.ok) return false;
  const body = await response.json();
  session.set({ ...current, accessToken: body.accessToken, refreshToken: body.refreshToken });
  return true;
}

/** Calls the API; answers the parsed JSON. Throws ApiError with the problem's detail. */
export async function api(method, path, body, retried = false) {
  const headers = { authorization: `Bearer ${session.get()?.accessToken ?? ''}` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${BASE}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (response.status === 401 && !retried && (await refresh())) return api(method, path, body, true);
  const text = await response.text();
  const parsed = text ? JSON.parse(text) : {};
  if (response.status === 401) {
    session.set(null);
    window.dispatchEvent(new Event('chengyun:logout'));
  }
  if (!response.ok) throw new ApiError(response.status, parsed);
  return parsed;
}

export const get = (path, query = {}) => {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const qs = params.toString();
  return api('GET', qs ? `${path}?${qs}` : path);
};
export const post = (path, body = {}) => api('POST', path, body);

/** All pages of a list endpoint (up to `max` items). */
export async function getAll(path, query = {}, max = 1000) {
  const items = [];
  let cursor;
  do {
    const page = await get(path, { ...query, limit: 100, cursor });
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor && items.length < max);
  return items;
}

/**
 * Live events (GET /stream): a one-time ticket from POST /auth/stream-ticket, because EventSource cannot send the
 * token (and a token in a URL would end up in logs). Reconnects with a fresh ticket when the stream drops.
 */
let lastPosition;
/**
 * The log position of the last change the stream told of: lists refetched after it pass it as `minPosition`, so the
 * read model has caught up with the change (the stream reads the log itself, ahead of the projections).
 */
export const streamPosition = () => lastPosition;

export function openStream(onEvent) {
  let source;
  let closed = false;
  let retry;
  const connect = async () => {
    try {
      const { ticket } = await post('/auth/stream-ticket');
      if (closed) return;
      source = new EventSource(`${BASE}/stream?ticket=${encodeURIComponent(ticket)}`);
      const deliver = (type) => (event) => {
        const data = JSON.parse(event.data);
        if (data.position !== undefined) lastPosition = data.position;
        onEvent(type, data);
      };
      source.addEventListener('case', deliver('case'));
      source.addEventListener('alert', deliver('alert'));
      source.addEventListener('open', () => onEvent('open', {}));
      source.onerror = () => {
        source.close();
        if (!closed) retry = setTimeout(connect, 3000);
      };
    } catch {
      if (!closed) retry = setTimeout(connect, 5000);
    }
  };
  void connect();
  return () => {
    closed = true;
    clearTimeout(retry);
    source?.close();
  };
}

/** Directory lookups (units and grids), loaded once per page load. */
let directory;
export async function loadDirectory() {
  if (!directory) {
    const [units, grids] = await Promise.all([get('/units'), get('/grids')]);
    directory = {
      units: units.items,
      grids: grids.items,
      unitName: new Map(units.items.map((unit) => [unit.unitId, unit.name])),
      gridName: new Map(grids.items.map((grid) => [grid.gridId, grid.name])),
    };
  }
  return directory;
}

/** Stores a photo (POST /photos, the image as the body); answers its id for a command's `photos[]`. */
export async function uploadPhoto(blob, retried = false) {
  const response = await fetch(`${BASE}/photos`, {
    method: 'POST',
    headers: { authorization: `Bearer ${session.get()?.accessToken ?? ''}`, 'content-type': blob.type },
    body: blob,
  });
  if (response.status === 401 && !retried && (await refresh())) return uploadPhoto(blob, true);
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new ApiError(response.status, body);
  return body.id;
}

/** A stored photo as a blob: URL for an <img> (the request needs the token, which an <img> cannot send). */
export async function photoUrl(id) {
  const response = await fetch(`${BASE}/photos/${encodeURIComponent(id)}`, {
    headers: { authorization: `Bearer ${session.get()?.accessToken ?? ''}` },
  });
  if (!response.ok) throw new ApiError(response.status, {});
  return URL.createObjectURL(await response.blob());
}
