// The principal of a request, as every route and page reads it: set once per request by the sign-in
// middleware, never taken from a header the client controls.
import type { Context } from 'hono';
import { LOCAL_ADMINISTRATOR, readScope, type Principal, type ReadScope } from '../auth/principal.js';

declare module 'hono' {
  interface ContextVariableMap {
    principal: Principal;
  }
}

/** Who is asking. Until sign-in middleware sets it (a register without accounts), the local administrator. */
export const principalOf = (c: Context): Principal => c.get('principal') ?? LOCAL_ADMINISTRATOR;

/** What the asker may read, for the store's filters. */
export const scopeOf = (c: Context): ReadScope => readScope(principalOf(c));
