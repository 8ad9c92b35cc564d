// The register's tables as Kysely sees them (migrations/001_register.ts creates them). Ids are text and
// deterministic: a document is its sha256, a plan `p-<first 12 hex of sha256>`, its parts `<plan id>:<extractor id>`.
import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';
import type { Visibility } from '../auth/principal.js';

/** created_at / updated_at: set by the database on insert, by the ops on update. */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
/** jsonb: written as a JSON string, read back parsed. */
type Json<T> = ColumnType<T, string, string>;

interface Versioned {
  created_at: Timestamp;
  updated_at: Timestamp;
  /** Optimistic locking: every update bumps it; an edit with a stale version is refused. */
  version: ColumnType<number, number | undefined, number>;
}

export interface PartiesTable extends Versioned {
  code: string;
  name: string | null;
}

export interface OrganizationsTable extends Versioned {
  /** `<party>:<gazetteer id or slug>`, e.g. `JP:meti`. */
  id: string;
  name: string;
  acronym: string | null;
  party: string | null;
  aliases: Json<string[]>;
}

export interface PartnershipsTable extends Versioned {
  /** The parties' codes sorted and joined with `-`, e.g. `DK-JP`. */
  id: string;
  parties: Json<string[]>;
  name: string;
  /** The earliest signing or period start among its plans (ISO, as precise as known). */
  since: string | null;
  /** What a person writes here is visible to, unless they say otherwise (migrations/008); its coordinators change it. */
  default_visibility: ColumnType<Visibility, Visibility | undefined, Visibility>;
}

export interface DocumentsTable extends Versioned {
  /** Hex SHA-256 of the original bytes. */
  id: string;
  name: string;
  media_type: string;
  byte_length: number;
  /** The original file, byte for byte. */
  bytes: Uint8Array;
  /** Normalized text: every span refers to it. */
  text: string;
}

export interface PlansTable extends Versioned {
  id: string;
  document_id: string;
  partnership_id: string | null;
  /** The party other than the home party (JP), for theme × partner views. */
  partner: string | null;
  kind: string;
  title: string | null;
  parties: Json<string[]>;
  period_start: string | null;
  period_end: string | null;
  /** Last day covered by period_end (`2028` → `2028-12-31`), for status and expiry queries. */
  period_end_day: string | null;
  signed_date: string | null;
  signed_place: string | null;
  /** Title, period and signing spans plus extractor messages: `{titleSpan, periodSpan, signedSpan, messages}`. */
  spans: Json<Record<string, unknown>>;
  /** The plan of the same partnership and kind that this one renews. */
  supersedes: string | null;
  /** The extractor's reading of the metadata (`{title, kind, parties, periodStart, …}`); corrections change the columns only. */
  extracted: ColumnType<PlanMetadataFields | null, string | undefined, string>;
  /** Published (readable by everyone) or a draft under negotiation (readable by the partnership's grants and administrators). */
  published: ColumnType<boolean, boolean | undefined, boolean>;
}

/** A plan's metadata fields as corrections name them (migrations/005). */
export interface PlanMetadataFields {
  title: string | null;
  kind: string;
  parties: string[];
  periodStart: string | null;
  periodEnd: string | null;
  signedDate: string | null;
  signedPlace: string | null;
}

export interface SectionsTable {
  id: string;
  plan_id: string;
  key: string;
  ord: number;
  number: string | null;
  title: string | null;
  level: number;
  kind: string;
  parent_key: string | null;
  span_start: number;
  span_end: number;
}

export interface CommitmentsTable extends Versioned {
  id: string;
  plan_id: string;
  /** The extractor's id within its document, e.g. `s2.1/c3`. */
  key: string;
  ord: number;
  /** Current values (extractor's reading with corrections applied); `extracted` keeps the extractor's own. */
  text: string;
  span_start: number;
  span_end: number;
  section_key: string | null;
  section_title: string | null;
  strength: string;
  strength_cue: string | null;
  parent_key: string | null;
  extracted: Json<Record<string, unknown>>;
  corrected: ColumnType<boolean, boolean | undefined, boolean>;
  tsv: ColumnType<string, never, never>;
  /** Bigrams of the Japanese/Chinese runs of the text, for searching text written without spaces. */
  cjk: ColumnType<string, never, never>;
}

export interface CommitmentThemesTable {
  commitment_id: string;
  plan_id: string;
  theme: string;
  cue: string;
}

export interface CommitmentActorsTable {
  commitment_id: string;
  plan_id: string;
  organization_id: string;
}

export interface PlanOrganizationsTable {
  plan_id: string;
  organization_id: string;
  /** The name as this document prints it. */
  name: string;
  span_start: number;
  span_end: number;
  mentions: Json<{ start: number; end: number }[]>;
}

interface PlanPart extends Versioned {
  id: string;
  plan_id: string;
  key: string;
  span_start: number;
  span_end: number;
}

export interface InstrumentsTable extends PlanPart {
  kind: string;
  title: string;
  date: string | null;
}

export interface MechanismsTable extends PlanPart {
  name: string;
  cadence: string;
}

export interface ProvisionsTable extends PlanPart {
  kind: string;
  text: string;
}

/** A person's change to one field of one record, kept apart from what the extractor said. */
export interface CorrectionsTable extends Versioned, VisibleColumns {
  id: Generated<number>;
  entity: string;
  entity_id: string;
  field: string;
  value: Json<unknown>;
  author: string;
}

/** Who may read something a person wrote (migrations/008): its partnership, its author's side, its visibility. */
export interface VisibleColumns {
  partnership_id: ColumnType<string | null, string | null | undefined, string | null>;
  side: ColumnType<string | null, string | null | undefined, string | null>;
  visibility: ColumnType<Visibility, Visibility | undefined, Visibility>;
}

/** Append-only audit log: every op writes one or more rows in the transaction of its change. */
export interface EventsTable {
  id: Generated<number>;
  at: Timestamp;
  actor: string;
  entity: string;
  entity_id: string;
  action: string;
  before: Json<unknown> | null;
  after: Json<unknown> | null;
  /** True for events restored by `kizuna import`: they keep their original actor and time. */
  imported: ColumnType<boolean, boolean | undefined, never>;
}

export interface RegisterTables {
  parties: PartiesTable;
  organizations: OrganizationsTable;
  partnerships: PartnershipsTable;
  documents: DocumentsTable;
  plans: PlansTable;
  sections: SectionsTable;
  commitments: CommitmentsTable;
  commitment_themes: CommitmentThemesTable;
  commitment_actors: CommitmentActorsTable;
  plan_organizations: PlanOrganizationsTable;
  instruments: InstrumentsTable;
  mechanisms: MechanismsTable;
  provisions: ProvisionsTable;
  corrections: CorrectionsTable;
  events: EventsTable;
}

/**
 * The whole database. Other migrations (e.g. 002_tracking) add their tables by extending this
 * interface through declaration merging in their own module: `declare module '…/store/schema.js'`.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface Database extends RegisterTables {}

export type PlanRow = Selectable<PlansTable>;
export type CommitmentRow = Selectable<CommitmentsTable>;
export type EventInsert = Insertable<EventsTable>;
