// The one place a request's permission is checked, before the route or page runs (and before its body is
// read): 401 when signing in might help, 403 when the account's grants do not allow it.
import type { Context } from 'hono';
import { AccessError } from '../errors.js';
import { allows, type Permission, type TargetScope } from '../auth/policy.js';
import { scopeOfTarget } from '../ops/accounts.js';
import { principalOf } from './principal.js';
import type { AppDeps } from './deps.js';
import { KizunaError, missingRecord } from '../errors.js';

/** Throws AccessError unless the request's principal holds `permission` (on the record its path names). */
export async function authorize(c: Context, deps: AppDeps, permission: Permission): Promise<void> {
  const principal = principalOf(c);
  let scope: TargetScope | null = null;
  if (permission.target) {
    const id = c.req.param(permission.target.param) ?? '';
    const found = await scopeOfTarget(deps.store, deps.drafts, permission.target.kind, id, deps.now());
    if (!found) {
      if (!principal.account) throw new AccessError('unauthorized', { key: 'error.signIn' });
      throw new KizunaError('not-found', missingRecord('noSuch', permission.target.kind, id));
    }
    scope = found;
  }
  if (allows(principal, permission.action, scope)) return;
  if (!principal.account) throw new AccessError('unauthorized', { key: 'error.signIn' });
  throw new AccessError('forbidden', { key: 'error.notAllowed', params: { email: principal.account.email } });
}
