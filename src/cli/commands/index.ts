// Every CLI command, in the order `kizuna --help` lists them. README documents each (a test checks). A command's
// module is imported only when it runs: `kizuna list` never loads the PDF reader, the server or the review writer.
import type { Command } from '../io.js';

export interface CommandEntry {
  name: string;
  summary: string;
  /** Works on the register: sent to a running `kizuna serve` on the same data directory (see cli/forward.ts). */
  register: boolean;
  load(): Promise<Command>;
}

export const commands: CommandEntry[] = [
  { name: 'extract', summary: 'extract the register of documents (json, eval or md), without storing it', register: false, load: async () => (await import('./extract.js')).extractCommand },
  { name: 'ingest', summary: 'extract documents and store them in the register (idempotent by content)', register: true, load: async () => (await import('./ingest.js')).ingestCommand },
  { name: 'list', summary: 'list plans, commitments or organizations, with filters', register: true, load: async () => (await import('./list.js')).listCommand },
  { name: 'search', summary: 'full-text search of commitments, ranked, with snippets', register: true, load: async () => (await import('./search.js')).searchCommand },
  { name: 'show', summary: 'show one plan, commitment or organization by id', register: true, load: async () => (await import('./show.js')).showCommand },
  { name: 'export', summary: 'export the register: full JSON backup or commitments as CSV', register: true, load: async () => (await import('./export.js')).exportCommand },
  { name: 'import', summary: 'restore a JSON backup into an empty register', register: true, load: async () => (await import('./import.js')).importCommand },
  { name: 'demo', summary: 'load the bundled demo plans into the register', register: true, load: async () => (await import('./demo.js')).demoCommand },
  { name: 'status', summary: 'show or record the implementation status of a commitment', register: true, load: async () => (await import('./status.js')).statusCommand },
  { name: 'meetings', summary: 'mechanism meetings: next due dates, iCalendar feed, record a meeting', register: true, load: async () => (await import('./meetings.js')).meetingsCommand },
  { name: 'link', summary: 'link a readout or press release to the commitments and mechanisms it is evidence for', register: true, load: async () => (await import('./link.js')).linkCommand },
  { name: 'review', summary: 'annual review of a plan (or the portfolio) as HTML, Markdown or DOCX', register: true, load: async () => (await import('./review.js')).reviewCommand },
  { name: 'diff', summary: 'compare two plans of a partnership (carried over, changed, new, dropped)', register: true, load: async () => (await import('./diff.js')).diffCommand },
  { name: 'renew', summary: 'declare that a plan renews an earlier one; link its carried-over commitments as one lineage', register: true, load: async () => (await import('./renew.js')).renewCommand },
  { name: 'amend', summary: 'amend a plan by mutual written consent; list amendments; redline two versions', register: true, load: async () => (await import('./amend.js')).amendCommand },
  { name: 'round', summary: 'update rounds: ask contributor organizations for progress by a due date; accept or return answers', register: true, load: async () => (await import('./round.js')).roundCommand },
  { name: 'remind', summary: 'send the reminders due (meetings by cadence, commitments without updates) by e-mail, once each', register: true, load: async () => (await import('./remind.js')).remindCommand },
  { name: 'audit', summary: 'the audit trail: every change, per plan or per account, as lines or CSV', register: true, load: async () => (await import('./audit.js')).auditCommand },
  { name: 'user', summary: 'accounts and roles: add, list, role, disable, reset', register: true, load: async () => (await import('./user.js')).userCommand },
  { name: 'serve', summary: 'serve the web interface and the JSON API', register: false, load: async () => (await import('./serve.js')).serveCommand },
];
