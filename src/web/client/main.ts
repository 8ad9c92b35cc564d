// The browser side: plan outline ↔ source highlighting, the correction form, drag-and-drop upload and
// the review screen. Document text only ever reaches the DOM through textContent or form values.

const $$ = <T extends Element>(selector: string, root: ParentNode = document) => [...root.querySelectorAll<T>(selector)];

/** Scrolls only the pane (not the window) so the element sits in its middle. */
function centreIn(element: HTMLElement, pane: Element | null): void {
  if (!pane) return;
  const top = element.getBoundingClientRect().top - pane.getBoundingClientRect().top + pane.scrollTop;
  pane.scrollTop = Math.max(0, top - pane.clientHeight / 3);
}

function planView(): void {
  const source = document.getElementById('source');
  const outline = document.getElementById('outline');
  if (!source || !outline) return;
  const units = $$<HTMLButtonElement>('button.unit', outline);
  const segments = $$<HTMLElement>('.seg', source);

  const select = (unit: HTMLButtonElement, scroll: 'source' | 'outline' | 'both') => {
    const start = Number(unit.dataset.s);
    const end = Number(unit.dataset.e);
    for (const u of units) u.setAttribute('aria-pressed', String(u === unit));
    let first: HTMLElement | null = null;
    for (const seg of segments) {
      const at = Number(seg.dataset.s);
      const on = at >= start && at < end;
      seg.classList.toggle('hl', on);
      if (on && !first) first = seg;
    }
    if (first && scroll !== 'outline') centreIn(first, source.closest('.source-pane'));
    if (scroll !== 'source') centreIn(unit, outline.closest('.outline-pane'));
    history.replaceState(null, '', `#c=${encodeURIComponent(unit.dataset.c ?? '')}`);
  };

  outline.addEventListener('click', (event) => {
    const unit = (event.target as Element).closest<HTMLButtonElement>('button.unit');
    if (unit) select(unit, 'source');
  });
  // Arrow keys walk the commitments; Home/End jump; Enter/Space (native button) selects.
  outline.addEventListener('keydown', (event) => {
    const index = units.indexOf(document.activeElement as HTMLButtonElement);
    if (index < 0) return;
    const to = { ArrowDown: index + 1, ArrowUp: index - 1, Home: 0, End: units.length - 1 }[event.key];
    const target = to === undefined ? undefined : units[to];
    if (target) {
      event.preventDefault();
      target.focus();
      select(target, 'source');
    }
  });
  source.addEventListener('click', (event) => {
    const seg = (event.target as Element).closest<HTMLElement>('.seg');
    const unit = seg && units.find((u) => u.dataset.c === seg.dataset.c);
    if (unit) {
      select(unit, 'outline');
      unit.focus({ preventScroll: true });
    }
  });
  const wanted = /^#c=(.+)$/.exec(location.hash)?.[1];
  const initial = wanted ? units.find((u) => u.dataset.c === decodeURIComponent(wanted)) : undefined;
  if (initial) select(initial, 'both');
}

/** JSON to the API; the X-Kizuna-Request header is what the server's CSRF check asks of scripts (src/http/session.ts). */
async function send(url: string, method: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(url, { method, headers: { 'Content-Type': 'application/json', 'X-Kizuna-Request': '1', ...headers }, body: JSON.stringify(body) });
  const data = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  return { response, data };
}

function correctionForm(): void {
  const form = document.getElementById('correct-form') as HTMLFormElement | null;
  if (!form) return;
  const status = form.querySelector<HTMLElement>('.status');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const strength = (form.elements.namedItem('strength') as HTMLSelectElement).value;
    const sectionId = (form.elements.namedItem('sectionId') as HTMLSelectElement).value || null;
    const { response, data } = await send(`/api/commitments/${encodeURIComponent(form.dataset.id ?? '')}`, 'PATCH', { strength, sectionId }, { 'If-Match': form.dataset.etag ?? '' });
    if (!status) return;
    if (response.ok) {
      form.dataset.etag = response.headers.get('ETag') ?? form.dataset.etag;
      status.textContent = form.dataset.saved ?? '';
    } else if (response.status === 412 || response.status === 409) {
      status.textContent = form.dataset.stale ?? '';
    } else {
      status.textContent = `${form.dataset.failed ?? ''} ${String(data.detail ?? response.status)}`;
    }
  });
}

function dropzone(): void {
  const zone = document.getElementById('dropzone');
  const form = document.getElementById('upload-form') as HTMLFormElement | null;
  const input = document.getElementById('file') as HTMLInputElement | null;
  if (!zone || !form || !input) return;
  zone.addEventListener('dragover', (event) => {
    event.preventDefault();
    zone.classList.add('over');
  });
  zone.addEventListener('dragleave', () => zone.classList.remove('over'));
  zone.addEventListener('drop', (event) => {
    event.preventDefault();
    zone.classList.remove('over');
    if (!event.dataTransfer?.files.length) return;
    input.files = event.dataTransfer.files;
    form.requestSubmit();
  });
}

type Correction =
  | { kind: 'edit'; commitment: string; edit: Record<string, unknown> }
  | { kind: 'split'; commitment: string; at: number }
  | { kind: 'merge'; commitment: string; with: string };

function reviewForm(): void {
  const form = document.getElementById('review-form') as HTMLFormElement | null;
  if (!form) return;
  const structural: Correction[] = [];
  const mark = (item: HTMLElement, text: string) => {
    const pending = item.querySelector('.pending');
    if (pending) pending.textContent = [pending.textContent, text].filter(Boolean).join(' · ');
  };
  form.addEventListener('click', (event) => {
    const button = (event.target as Element).closest<HTMLButtonElement>('button[data-action]');
    const item = button?.closest<HTMLElement>('.review-item');
    if (!button || !item) return;
    const id = item.dataset.c ?? '';
    if (button.dataset.action === 'split') {
      const text = item.querySelector<HTMLTextAreaElement>('textarea');
      const at = text?.selectionStart ?? 0;
      if (!text || at <= 0 || at >= text.value.length) {
        mark(item, form.dataset.splitHint ?? '');
        text?.focus();
        return;
      }
      structural.push({ kind: 'split', commitment: id, at });
      mark(item, `${form.dataset.splitMark ?? ''} ${at}: “${text.value.slice(0, at).slice(-20)}|${text.value.slice(at, at + 20)}”`);
    } else if (button.dataset.action === 'merge' && item.dataset.next) {
      structural.push({ kind: 'merge', commitment: id, with: item.dataset.next });
      mark(item, form.dataset.mergeMark ?? '');
      button.disabled = true;
    }
  });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const edits: Correction[] = [];
    for (const item of $$<HTMLElement>('.review-item', form)) {
      const edit: Record<string, unknown> = {};
      for (const select of $$<HTMLSelectElement>('select[data-field]', item)) {
        const field = select.dataset.field ?? '';
        if (select.multiple) {
          const chosen = [...select.selectedOptions].map((o) => o.value);
          if (chosen.join('\n') !== (select.dataset.initial ?? '')) edit[field] = chosen;
        } else if (select.value !== (select.dataset.initial ?? '')) {
          edit[field] = field === 'sectionId' && select.value === '' ? null : select.value;
        }
      }
      if (Object.keys(edit).length) edits.push({ kind: 'edit', commitment: item.dataset.c ?? '', edit });
    }
    // the plan's details changed by the reviewer (empty text clears a field; parties as codes)
    const plan: Record<string, unknown> = {};
    for (const input of $$<HTMLInputElement | HTMLSelectElement>('[data-meta]', form)) {
      const value = input.value.trim();
      if (value === (input.dataset.initial ?? '')) continue;
      const field = input.dataset.meta ?? '';
      plan[field] = field === 'parties' ? value.split(/[\s,、，]+/).filter(Boolean).map((p) => p.toUpperCase()) : field === 'kind' ? value : value || null;
    }
    const status = form.querySelector<HTMLElement>('.status');
    const body = Object.keys(plan).length ? { corrections: [...edits, ...structural], plan } : { corrections: [...edits, ...structural] };
    const { response, data } = await send(`/api/uploads/${encodeURIComponent(form.dataset.draft ?? '')}/save`, 'POST', body);
    if (response.ok && typeof data.planId === 'string') {
      location.assign(`/plans/${encodeURIComponent(data.planId)}`);
    } else if (status) {
      status.textContent = `${form.dataset.failed ?? ''} ${String(data.detail ?? response.status)}`;
    }
  });
}

planView();
correctionForm();
dropzone();
reviewForm();
