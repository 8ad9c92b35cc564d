// Editing chrome and visibility on the pages: forms and edit links appear only for people who may write
// (the public and internal readers get the same pages, read-only: the public view); a visibility picker for
// what a person writes, and a badge saying who may read an item.
import type { Context } from 'hono';
import { principalOf } from '../http/principal.js';
import { isAdmin, VISIBILITIES, type Visibility } from '../auth/principal.js';
import type { PageContext } from './page.js';

/** True when the asker may write something (an administrator, coordinator or contributor); false for the public and readers. */
export const editing = (c: Context): boolean => principalOf(c).grants.some((g) => g.role !== 'reader');

/** True when the asker administers the register (audit trails, every plan's settings). */
export const administering = (c: Context): boolean => isAdmin(principalOf(c));

/** Who may read an item, as a small label: internal (with its side), shared, public. */
export function VisibilityBadge(props: { ctx: PageContext; visibility?: Visibility; side?: string | null }) {
  if (!props.visibility) return null;
  const { tr } = props.ctx;
  const label = props.visibility === 'internal' && props.side ? tr.t('visibility.internalTo', { side: props.ctx.labels.party(props.side) }) : tr.t(`visibility.${props.visibility}`);
  return <span class={`badge visibility-${props.visibility}`}>{label}</span>;
}

/** The visibility field of a form: internal, shared or public, preselecting `selected` (the partnership's default when absent). */
export function VisibilityField(props: { ctx: PageContext; id: string; selected?: string; name?: string }) {
  const { tr } = props.ctx;
  return (
    <div class="field">
      <label for={props.id}>{tr.t('visibility.label')}</label>
      <p class="hint-text" id={`${props.id}-hint`}>
        {tr.t('visibility.hint')}
      </p>
      <select id={props.id} name={props.name ?? 'visibility'} aria-describedby={`${props.id}-hint`}>
        <option value="" selected={!props.selected}>
          {tr.t('visibility.default')}
        </option>
        {VISIBILITIES.map((v) => (
          <option value={v} selected={props.selected === v}>
            {tr.t(`visibility.${v}`)}
          </option>
        ))}
      </select>
    </div>
  );
}

/** A small form changing who may read an item (posted to /visibility/KIND/ID, then back to `back`). */
export function VisibilityChange(props: { ctx: PageContext; kind: string; id: string; visibility?: Visibility; back: string }) {
  const { tr } = props.ctx;
  const fieldId = `v-${props.kind}-${props.id}`;
  return (
    <form method="post" action={`/visibility/${props.kind}/${encodeURIComponent(props.id)}`} class="inline">
      <input type="hidden" name="back" value={props.back} />
      <label for={fieldId} class="visually-hidden">
        {tr.t('visibility.label')}
      </label>
      <select id={fieldId} name="visibility">
        {VISIBILITIES.map((v) => (
          <option value={v} selected={props.visibility === v}>
            {tr.t(`visibility.${v}`)}
          </option>
        ))}
      </select>{' '}
      <button type="submit">{tr.t('visibility.change')}</button>
    </form>
  );
}
