// Input the database cannot hold is refused at the door: PostgreSQL text has no NUL character, so a NUL in
// the address, a query parameter, a JSON string or a form field answers 400 naming where it was, instead of
// failing deep in a query as a 500.
import type { MiddlewareHandler } from 'hono';
import { KizunaError } from '../errors.js';

const NUL = '\u0000';

const refuse = (name: string): never => {
  throw new KizunaError('invalid-request', `${name} contains a NUL character, which cannot be stored.`, [{ name, reason: 'contains a NUL character' }]);
};

/** The path of the first string (or key) holding a NUL in a parsed JSON value: `body.corrections[1].note`. */
function nulIn(value: unknown, at: string): string | null {
  if (typeof value === 'string') return value.includes(NUL) ? at : null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = nulIn(value[i], `${at}[${i}]`);
      if (found) return found;
    }
    return null;
  }
  if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (key.includes(NUL)) return at;
      const found = nulIn(item, `${at}.${key}`);
      if (found) return found;
    }
  }
  return null;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Refuses NUL characters anywhere a request carries text. Bodies are read through Hono's request cache, so the
 * route reads the same parsed body again; a body that does not parse is left for the route to refuse. File
 * contents are bytes and may hold NULs; only their names are checked.
 */
export const refuseNul: MiddlewareHandler = async (c, next) => {
  const url = new URL(c.req.url);
  let path = url.pathname;
  try {
    path = decodeURIComponent(path);
  } catch {
    // Malformed percent-encoding matches no route; the router answers 404.
  }
  if (path.includes(NUL)) refuse('path');
  for (const [name, value] of url.searchParams) if (name.includes(NUL) || value.includes(NUL)) refuse(`query.${name.replaceAll(NUL, '')}`);

  if (!SAFE_METHODS.has(c.req.method)) {
    const type = c.req.header('Content-Type') ?? '';
    if (/^application\/(.+\+)?json\b/i.test(type)) {
      const found = nulIn(await c.req.json().catch(() => undefined), 'body');
      if (found) refuse(found);
    } else if (/^(multipart\/form-data|application\/x-www-form-urlencoded)\b/i.test(type)) {
      const form = await c.req.formData().catch(() => null);
      for (const [name, value] of form?.entries() ?? []) {
        if (name.includes(NUL) || (typeof value === 'string' ? value : value.name).includes(NUL)) refuse(`body.${name.replaceAll(NUL, '')}`);
      }
    }
  }
  await next();
};
