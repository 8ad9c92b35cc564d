// What tracking reads about a plan: its commitments with their status history, its mechanisms with
// their meetings, its instruments. The store assembles these; the pure functions of src/track use them.
import type { Cadence, InstrumentKind, PartyCode, Strength } from '../types.js';
import type { Evidence, ImplementationStatus } from './status.js';
import type { Visibility } from '../auth/principal.js';

export interface ProgressUpdate {
  id: string;
  commitmentId: string;
  status: ImplementationStatus;
  date: string;
  note: string;
  evidence: Evidence[];
  author: string;
  /** When it was recorded (ISO timestamp). */
  recordedAt: string;
  /** The author's side (`JP`) and who may read it (as stored; absent on updates not yet stored). */
  side?: string | null;
  visibility?: Visibility;
}

export interface Meeting {
  id: string;
  mechanismId: string;
  /** `YYYY-MM-DD`. */
  date: string;
  place: string | null;
  /** e.g. "deputy foreign minister", "director-general". */
  level: string | null;
  outcome: string | null;
  /** Who took part, as the record gives it ("Vice-Minister Tanaka; Deputy Minister Nowak"). */
  participants?: string | null;
  /** The minutes: a link, or a file kept by its SHA-256 (downloadable like progress evidence). */
  minutes?: Evidence | null;
  /** The recorder's side and who may read the record (as stored). */
  side?: string | null;
  visibility?: Visibility;
}

export interface TrackedCommitment {
  id: string;
  text: string;
  /** Title (or number) of the section it sits in, used to group progress by area. */
  section: string | null;
  strength: Strength;
  parentId: string | null;
  status: ImplementationStatus;
  updates: ProgressUpdate[];
  /**
   * A renewal's commitment that carries over one of the plan it renews starts from that commitment's last status
   * (not from "not started"); absent when it carries nothing over or the reader may not see the predecessor.
   */
  startsFrom?: { status: ImplementationStatus; planTitle: string | null };
}

export interface TrackedMechanism {
  id: string;
  name: string;
  cadence: Cadence;
  meetings: Meeting[];
}

export interface TrackedInstrument {
  id: string;
  kind: InstrumentKind;
  title: string;
  date: string | null;
}

export interface TrackedPlan {
  id: string;
  title: string;
  parties: PartyCode[];
  period: { start: string | null; end: string | null };
  commitments: TrackedCommitment[];
  mechanisms: TrackedMechanism[];
  /** Instruments named in the plan, plus those signed since (recorded from readouts). */
  instruments: TrackedInstrument[];
}
