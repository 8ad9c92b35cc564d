// Upload → extraction → review → save: a draft is kept on disk until the reviewer saves it with corrections.
import { KizunaError } from '../../errors.js';
import type { ApiModule, JsonSchema } from '../route.js';
import { draftFromUpload, saveDraft, type Draft, type DraftCorrection } from '../../ops/drafts.js';
import { authorOf } from '../../http/edits.js';
import { receivedFile } from '../../http/multipart.js';
import type { AppDeps } from '../../http/deps.js';
import { duplicatesOfExtraction, type PlanEdit } from '../../ops/plan-edit.js';
import { scopeOf } from '../../http/principal.js';
import type { ReadScope } from '../../auth/principal.js';
import { on, only } from '../../auth/policy.js';

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

/** What the review screen needs from a draft (the original bytes stay on the server), with the plans it would duplicate. */
export async function presentDraft(deps: AppDeps, draft: Draft, scope: ReadScope) {
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
    // How much action-like text the commitments cover; an `extract/under-read` message says when too little.
    coverage: extraction.coverage,
    messages: draft.messages,
    // Plans already stored that this document repeats (same file, or same partnership, title and most commitments).
    duplicates: await duplicatesOfExtraction(deps.store, extraction, scope),
  };
}

export const uploadsModule: ApiModule = {
  tag: { name: 'uploads', description: 'Extract a document, review what was found, save it with corrections' },
  routes: [
    {
      method: 'post',
      path: '/api/uploads',
      permission: only('upload'),
      operationId: 'createUpload',
      summary: 'Upload a PDF, DOCX, HTML, Markdown or text file (multipart field `file`) and extract it into a draft',
      body: { contentType: 'multipart/form-data', schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' } } } },
      responses: { 201: { description: 'The draft to review', schema: { type: 'object', properties: { id: { type: 'string' } } } } },
      handle: async (c, deps) => {
        const type = c.req.header('Content-Type') ?? '';
        if (!/^multipart\/form-data\b/i.test(type)) throw new KizunaError('unsupported-media-type', `Expected multipart/form-data, got ${type || 'no Content-Type'}.`);
        // Already received to disk by the app's multipart reader (server.ts), which refuses a malformed body.
        const form = await c.req.formData();
        const file = form.get('file');
        if (!file || typeof file === 'string') {
          throw new KizunaError('invalid-request', 'Attach the document as the multipart field `file`.', [{ name: 'body.file', reason: 'is required' }]);
        }
        const draft = await draftFromUpload(deps.drafts, receivedFile(file), { maxBytes: deps.maxUploadBytes, now: deps.now() }, authorOf(c));
        c.header('Location', `/api/uploads/${draft.id}`);
        return c.json(await presentDraft(deps, draft, scopeOf(c)), 201);
      },
    },
    {
      method: 'get',
      path: '/api/uploads/{id}',
      permission: on('upload', 'draft'),
      operationId: 'getUpload',
      summary: 'A draft awaiting review',
      responses: { 200: { description: 'The draft', schema: { type: 'object', properties: { id: { type: 'string' } } } } },
      handle: async (c, deps) => {
        return c.json(await presentDraft(deps, await deps.drafts.mustGet(c.req.param('id') ?? '', deps.now().getTime()), scopeOf(c)));
      },
    },
    {
      method: 'post',
      path: '/api/uploads/{id}/save',
      permission: on('coordinate', 'draft'),
      operationId: 'saveUpload',
      summary: "Store a draft in the register with all the reviewer's corrections (units, and `plan`: its details), in one transaction (422 `invalid-correction` naming a bad one: nothing stored)",
      body: {
        contentType: 'application/json',
        schema: { type: 'object', required: ['corrections'], additionalProperties: false, properties: { corrections: { type: 'array', items: correction, maxItems: 5000 }, plan: { $ref: '#/components/schemas/PlanEdit' } } },
      },
      responses: { 201: { description: 'Saved', schema: { type: 'object', properties: { planId: { type: 'string' } } } } },
      handle: async (c, deps, input) => {
        const draft = await deps.drafts.mustGet(c.req.param('id') ?? '', deps.now().getTime());
        const { corrections, plan } = input.body as { corrections: DraftCorrection[]; plan?: PlanEdit };
        const saved = await saveDraft(deps.store, draft, corrections, authorOf(c), plan);
        await deps.drafts.delete(draft.id);
        c.header('Location', `/api/plans/${encodeURIComponent(saved.planId)}`);
        return c.json({ planId: saved.planId }, 201);
      },
    },
  ],
};

