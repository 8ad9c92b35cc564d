// `kizuna user add|list|role|disable|reset`: accounts and their roles, from the machine's own shell (which
// can do everything anyway: this is how the first administrator is made).
import { randomBytes } from 'node:crypto';
import { addAccount, changeGrant, listAccounts, resetPassword, roleOf, setDisabled, type AccountSummary } from '../../ops/accounts.js';
import { withRegister } from '../../ops/open-register.js';
import type { Grant } from '../../auth/principal.js';
import { UsageError, parseCommandArgs, type Command, type Io, dataOption, dataUsage } from '../io.js';

const usage = `Usage: kizuna user add EMAIL [--name NAME] [--language en|ja] [--role ROLE [grant options]] [--no-password]
       kizuna user list [--json]
       kizuna user role EMAIL ROLE [grant options] [--remove]
       kizuna user disable EMAIL [--enable]
       kizuna user reset EMAIL

Roles: admin; coordinator (of one side of one partnership); contributor (for one organization on one
side); reader (internal reader of one side). Grant options:
  --partnership P    the partnership, as its parties' codes: JP-PL
  --side S           the party the person works for: JP
  --organization O   contributors: the body whose commitments they report on (JP:meti; gives the side)
Passwords never go on the command line: add and reset take KIZUNA_PASSWORD from the environment, else
make a random one and print it once. --no-password: the account signs in through OpenID Connect only.
${dataUsage}`;

const actorOf = (io: Io) => io.env.KIZUNA_AUTHOR ?? io.env.USER ?? 'cli';

function grantOf(role: string, values: { partnership?: string; side?: string; organization?: string }): Grant {
  const r = roleOf(role);
  if (r === 'admin') return { role: r, partnershipId: null, side: null, organizationId: null };
  const organizationId = values.organization ?? null;
  const side = values.side?.toUpperCase() ?? (organizationId ? (organizationId.split(':')[0] ?? null) : null);
  return { role: r, partnershipId: values.partnership?.toUpperCase() ?? null, side, organizationId: r === 'contributor' ? organizationId : null };
}

const describeGrant = (g: Grant) => (g.role === 'admin' ? 'admin' : `${g.role} ${g.partnershipId}/${g.side}${g.organizationId ? ` ${g.organizationId}` : ''}`);

function line(a: AccountSummary): string {
  const how = [a.password ? 'password' : '', a.oidc ? 'oidc' : ''].filter(Boolean).join('+') || 'no sign-in yet';
  return `${a.email}\t${a.name}\t${a.disabled ? 'disabled' : 'active'}\t${how}\t${a.grants.map(describeGrant).join('; ') || 'no role'}\n`;
}

/** The password to set: KIZUNA_PASSWORD, else a random one (printed once). */
function newPassword(io: Io): { password: string; generated: boolean } {
  if (io.env.KIZUNA_PASSWORD) return { password: io.env.KIZUNA_PASSWORD, generated: false };
  return { password: randomBytes(15).toString('base64url'), generated: true };
}

export const userCommand: Command = {
  usage,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, {
      name: { type: 'string' },
      language: { type: 'string' },
      role: { type: 'string' },
      partnership: { type: 'string' },
      side: { type: 'string' },
      organization: { type: 'string' },
      'no-password': { type: 'boolean' },
      remove: { type: 'boolean' },
      enable: { type: 'boolean' },
      json: { type: 'boolean' },
      ...dataOption,
    });
    const [action, email, role, ...rest] = positionals;
    const needEmail = () => {
      if (!email) throw new UsageError(`kizuna user ${action} needs an e-mail address`);
      return email;
    };
    if (values.language !== undefined && values.language !== 'en' && values.language !== 'ja') throw new UsageError('--language must be en or ja');
    switch (action) {
      case 'add': {
        if (role !== undefined || rest.length) throw new UsageError(`unknown argument '${role}'`);
        const address = needEmail();
        const grants = values.role ? [grantOf(values.role, values)] : [];
        const secret = values['no-password'] ? null : newPassword(io);
        return withRegister(values.data, io.env, async (store) => {
          const account = await addAccount(store, { email: address, ...(values.name ? { name: values.name } : {}), ...(values.language ? { language: values.language as 'en' | 'ja' } : {}), password: secret?.password ?? null, grants }, actorOf(io));
          io.out(`added ${line(account)}`);
          if (secret?.generated) io.out(`password for ${account.email} (shown once): ${secret.password}\n`);
          return 0;
        });
      }
      case 'list':
        if (email) throw new UsageError(`unknown argument '${email}'`);
        return withRegister(
          values.data,
          io.env,
          async (store) => {
            const accounts = await listAccounts(store);
            if (values.json) io.out(JSON.stringify(accounts, null, 2) + '\n');
            else for (const a of accounts) io.out(line(a));
            return 0;
          },
          true,
        );
      case 'role': {
        const address = needEmail();
        if (!role || rest.length) throw new UsageError('kizuna user role EMAIL ROLE [--partnership P --side S --organization O] [--remove]');
        const grant = grantOf(role, values);
        return withRegister(values.data, io.env, async (store) => {
          const account = await changeGrant(store, address, grant, Boolean(values.remove), actorOf(io));
          io.out(`${values.remove ? 'removed' : 'granted'} ${describeGrant(grant)}: ${line(account)}`);
          return 0;
        });
      }
      case 'disable': {
        const address = needEmail();
        if (role) throw new UsageError(`unknown argument '${role}'`);
        return withRegister(values.data, io.env, async (store) => {
          const account = await setDisabled(store, address, !values.enable, actorOf(io));
          io.out(`${values.enable ? 'enabled' : 'disabled (signed out everywhere)'} ${line(account)}`);
          return 0;
        });
      }
      case 'reset': {
        const address = needEmail();
        if (role) throw new UsageError(`unknown argument '${role}'`);
        const secret = newPassword(io);
        return withRegister(values.data, io.env, async (store) => {
          await resetPassword(store, address, secret.password, actorOf(io));
          io.out(`new password set for ${address}; its sessions were ended\n`);
          if (secret.generated) io.out(`password for ${address} (shown once): ${secret.password}\n`);
          return 0;
        });
      }
      default:
        throw new UsageError(action ? `unknown action '${action}'` : 'give an action: add, list, role, disable or reset');
    }
  },
};
