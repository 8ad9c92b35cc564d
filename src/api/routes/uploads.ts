// Upload → extraction → review → save: a draft lives in memory until the reviewer saves it with corrections.
import { detectMediaType } from '../../ingest/detect.js';
import { ApiError } from '../problem.js';
import type { ApiModule, JsonSchema } from '../route.js';
import type { Draft } from '../drafts.js';
import type { DraftCorrection } from '../register.js';
import { authorOf } from './register.js';
import type { AppDeps } from '../deps.js';

const correction: JsonSchema = {
  oneOf: [
    {
      type: 'object',
      required: ['kind', 'commitment', 'edit'],
      additionalProperties: false,
      properties: { kind: { type: 'string', enum: ['edit'] }, commitment: { type: 'string' }, edit: { $ref: '#/components/schemas/CommitmentEdit' } },
    },
    {
      type: 'object',
      required: ['kind', 'commitment', 'at'],
      additionalProperties: false,
      properties: { kind: { type: 'string', enum: ['split'] }, commitment: { type: 'string' }, at: { type: 'integer', minimum: 1 } },
    },
    {
      type: 'object',
      required: ['kind', 'commitment', 'with'],
      additionalProperties: false,
      properties: { kind: { type: 'string', enum: ['merge'] }, commitment: { type: 'string' }, with: { type: 'string' } },
    },
  ],
};

/** What the review screen needs from a draft (the original bytes stay on the server). */
export function presentDraft(draft: Draft) {
  const { extraction } = draft;
  return {
    id: draft.id,
    name: draft.name,
    mediaType: extraction.document.mediaType,
    text: extraction.document.text,
    metadata: extraction.metadata,
    sections: extraction.sections,
    commitments: extraction.commitments,
    organizations: extraction.organizations.map(({ id, name, acronym, party }) => ({ id, name, acronym, party })),
    messages: draft.messages,
  };
}

/** Checks corrections against the draft so a typo'd commitment id is a 400, not a silent no-op. */
function checkCorrections(draft: Draft, corrections: DraftCorrection[]): void {
  const ids = new Set(draft.extraction.commitments.map((c) => c.id));
  const sectionIds = new Set(draft.extraction.sections.map((s) => s.id));
  const invalid = corrections.flatMap((item, i) => {
    const at = `body.corrections[${i}]`;
    const problems: { name: string; reason: string }[] = [];
    if (!ids.has(item.commitment) && item.kind !== 'merge') problems.push({ name: `${at}.commitment`, reason: `no commitment ${item.commitment} in this draft` });
    if (item.kind === 'merge' && !ids.has(item.with)) problems.push({ name: `${at}.with`, reason: `no commitment ${item.with} in this draft` });
    if (item.kind === 'edit' && item.edit.sectionId && !sectionIds.has(item.edit.sectionId)) problems.push({ name: `${at}.edit.sectionId`, reason: 'no such section' });
    return problems;
  });
  if (invalid.length) throw new ApiError('invalid-request', invalid.map((p) => `${p.name} ${p.reason}`).join('; '), invalid);
}

/** Extracts an uploaded file into a draft; the web form and the API share this. Throws ApiError 413/415/422. */
export async function draftFromFile(deps: AppDeps, file: File): Promise<Draft> {
  if (file.size > deps.maxUploadBytes) throw new ApiError('payload-too-large', `${file.name} is ${file.size} bytes; the limit is ${deps.maxUploadBytes}.`);
  const bytes = new Uint8Array(await file.arrayBuffer());
  const detected = detectMediaType(file.name, bytes);
  if ('error' in detected) throw new ApiError('unsupported-media-type', `${file.name}: ${detected.error}`);
  // Loaded on first upload: the PDF and DOCX readers are heavy and most sessions never upload.
  const { extractBytes } = await import('../../pipeline.js');
  const { extraction, messages } = await extractBytes(file.name, bytes);
  if (!extraction) {
    const fatal = messages.find((m) => m.fatal) ?? messages[0];
    throw new ApiError('unprocessable-document', `${file.name}: ${fatal?.reason ?? 'could not be read'}`);
  }
  return deps.drafts.add(file.name, bytes, extraction, messages, deps.now().getTime());
}

export const uploadsModule: ApiModule = {
  tag: { name: 'uploads', description: 'Extract a document, review what was found, save it with corrections' },
  routes: [
    {
      method: 'post',
      path: '/api/uploads',
      operationId: 'createUpload',
      summary: 'Upload a PDF, DOCX, HTML, Markdown or text file (multipart field `file`) and extract it into a draft',
      body: { contentType: 'multipart/form-data', schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' } } } },
      responses: { 201: { description: 'The draft to review', schema: { type: 'object', properties: { id: { type: 'string' } } } } },
      handle: async (c, deps) => {
        const type = c.req.header('Content-Type') ?? '';
        if (!/^multipart\/form-data\b/i.test(type)) throw new ApiError('unsupported-media-type', `Expected multipart/form-data, got ${type || 'no Content-Type'}.`);
        const form = await c.req.formData().catch(() => {
          throw new ApiError('invalid-request', 'The multipart body could not be read.');
        });
        const file = form.get('file');
        if (!file || typeof file === 'string') {
          throw new ApiError('invalid-request', 'Attach the document as the multipart field `file`.', [{ name: 'body.file', reason: 'is required' }]);
        }
        const draft = await draftFromFile(deps, file);
        c.header('Location', `/api/uploads/${draft.id}`);
        return c.json(presentDraft(draft), 201);
      },
    },
    {
      method: 'get',
      path: '/api/uploads/{id}',
      operationId: 'getUpload',
      summary: 'A draft awaiting review',
      responses: { 200: { description: 'The draft', schema: { type: 'object', properties: { id: { type: 'string' } } } } },
      handle: (c, deps) => {
        const draft = deps.drafts.get(c.req.param('id') ?? '', deps.now().getTime());
        if (!draft) throw new ApiError('not-found', 'No such draft (drafts expire after an hour or a restart).');
        return c.json(presentDraft(draft));
      },
    },
    {
      method: 'post',
      path: '/api/uploads/{id}/save',
      operationId: 'saveUpload',
      summary: "Store a draft in the register, then the reviewer's corrections as corrections",
      body: {
        contentType: 'application/json',
        schema: { type: 'object', required: ['corrections'], additionalProperties: false, properties: { corrections: { type: 'array', items: correction, maxItems: 5000 } } },
      },
      responses: { 201: { description: 'Saved', schema: { type: 'object', properties: { planId: { type: 'string' } } } } },
      handle: async (c, deps, input) => {
        const draft = deps.drafts.get(c.req.param('id') ?? '', deps.now().getTime());
        if (!draft) throw new ApiError('not-found', 'No such draft (drafts expire after an hour or a restart).');
        const corrections = (input.body as { corrections: DraftCorrection[] }).corrections;
        checkCorrections(draft, corrections);
        const saved = await deps.register.saveExtraction(draft.extraction, draft.bytes, corrections, authorOf(c));
        if (!saved.created) throw new ApiError('conflict', `${draft.name} is already in the register as plan ${saved.planId}.`);
        deps.drafts.delete(draft.id);
        c.header('Location', `/api/plans/${encodeURIComponent(saved.planId)}`);
        return c.json({ planId: saved.planId }, 201);
      },
    },
  ],
};

