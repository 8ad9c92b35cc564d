// Drafts made directly (without an upload through the app), as a test needs them: the bytes are written into
// the drafts' directory, as the app's multipart reader would have, then kept as a draft.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Draft, DraftStore } from '../../src/ops/drafts.js';
import type { Extraction, Message } from '../../src/types.js';

/** `uploader` by default the local administrator (who uploads on a register without accounts). */
export async function keepDraft(drafts: DraftStore, name: string, bytes: Uint8Array, extraction: Extraction, messages: Message[] = [], now = Date.now(), uploader = 'local@localhost'): Promise<Draft> {
  const upload = join(drafts.dir, `upload-${randomUUID()}`);
  await writeFile(upload, bytes, { mode: 0o600 });
  return drafts.add(name, upload, extraction, messages, uploader, now);
}
