// "Record meeting" for one mechanism (date, place, level, participants, minutes as a link or a file), shown
// on the tracking page and the plan page; both post to /tracking/mechanisms/:id/meetings. The same fields
// correct a recorded meeting in place (/tracking/meetings/:id/edit).
import type { PageContext } from './page.js';
import { ErrorMessage, ErrorSummary, type FieldError } from './forms.js';
import { VisibilityField } from './chrome.js';
import { saidList, type InvalidUpdateError, type Said } from '../errors.js';
import { fill, type Lang } from './i18n/translator.js';

export interface MeetingValues {
  date: string;
  place: string;
  level: string;
  participants: string;
  url: string;
}

export interface MeetingFormState {
  mechanismId: string;
  values: MeetingValues;
  errors: Record<string, FieldError>;
}

/** Field ids are unique per mechanism (`m3-date`), so several forms can share a page. */
const fieldId = (key: string, field: string) => `${key}-${field}`;

/** Each problem of a refused meeting next to its field ("date … is in the future", "minutes '…' is not an http(s) URL"). */
export function meetingErrors(key: string, error: InvalidUpdateError, lang: Lang): Record<string, FieldError> {
  const byField = new Map<string, Said[]>();
  error.problems.forEach((problem, i) => {
    const field = /^minutes\b/.test(problem) ? 'url' : 'date';
    byField.set(field, [...(byField.get(field) ?? []), error.reasons[i]!]);
  });
  return Object.fromEntries([...byField].map(([field, reasons]) => {
    const said = saidList(reasons);
    return [field, { id: fieldId(key, field), message: fill(lang, said.key, said.params) }];
  }));
}

/** The fields of a meeting (ids unique per `formKey`), with each refused one's message and the input kept. */
export function MeetingFields(props: { ctx: PageContext; formKey: string; values: MeetingValues; errors: Record<string, FieldError> }) {
  const { ctx, formKey, values, errors } = props;
  const { tr } = ctx;
  const input = (field: keyof MeetingValues, type = 'text') => (
    <div class={errors[field] ? 'field has-error' : 'field'}>
      <label for={fieldId(formKey, field)}>{tr.t(`meeting.${field}`)}</label>
      <ErrorMessage ctx={ctx} error={errors[field]} />
      <input id={fieldId(formKey, field)} name={field} type={type} value={values[field]} aria-describedby={errors[field] ? `${fieldId(formKey, field)}-error` : undefined} />
    </div>
  );
  return (
    <>
      {input('date', 'date')}
      {input('place')}
      {input('level')}
      {input('participants')}
      {input('url', 'url')}
      <div class="field">
        <label for={fieldId(formKey, 'file')}>{tr.t('meeting.file')}</label>
        <input id={fieldId(formKey, 'file')} name="file" type="file" />
      </div>
    </>
  );
}

export const EMPTY_MEETING: MeetingValues = { date: '', place: '', level: '', participants: '', url: '' };

export function MeetingForm(props: { ctx: PageContext; mechanismId: string; formKey: string; back: string; state?: MeetingFormState }) {
  const { ctx, formKey } = props;
  const { tr } = ctx;
  const mine = props.state?.mechanismId === props.mechanismId ? props.state : undefined;
  const errors = mine?.errors ?? {};
  return (
    <details class="record-meeting" open={mine ? true : undefined}>
      <summary>{tr.t('meeting.record')}</summary>
      <ErrorSummary ctx={ctx} errors={Object.values(errors)} />
      <form class="edit-form" method="post" action={`/tracking/mechanisms/${encodeURIComponent(props.mechanismId)}/meetings`} enctype="multipart/form-data" novalidate>
        <input type="hidden" name="back" value={props.back} />
        <MeetingFields ctx={ctx} formKey={formKey} values={mine?.values ?? EMPTY_MEETING} errors={errors} />
        <VisibilityField ctx={ctx} id={fieldId(formKey, 'visibility')} />
        <p>
          <button type="submit" class="primary">
            {tr.t('meeting.save')}
          </button>
        </p>
      </form>
    </details>
  );
}
