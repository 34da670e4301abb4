import { isName, MAX_NAME_LENGTH } from '@flow/shared';

export interface CloneForm {
  newName: string;
  start: string;
  end: string;
}

export type CloneFormErrors = Partial<Record<keyof CloneForm, string>>;

export interface CloneInput {
  name: string;
  newName: string;
  window?: { start_time: string; end_time: string };
}

const HHMM = /^([01]\d|2[0-3])[0-5]\d$/;

/** Checks the clone dialog's fields; returns the mutation's input, or what is wrong with each field. */
export function parseCloneForm(
  source: string,
  form: CloneForm,
  existingNames: readonly string[],
): { ok: true; input: CloneInput } | { ok: false; errors: CloneFormErrors } {
  const errors: CloneFormErrors = {};
  const newName = form.newName.trim();
  const start = form.start.trim();
  const end = form.end.trim();
  if (!newName) errors.newName = 'Enter a name';
  else if (!isName(newName))
    errors.newName = `Letters, digits and underscores only (at most ${MAX_NAME_LENGTH}), with at least one letter`;
  else if (existingNames.includes(newName))
    errors.newName = `A DAG named ${newName} already exists`;
  if (start && !HHMM.test(start)) errors.start = 'HHMM, e.g. 0900';
  if (end && !HHMM.test(end)) errors.end = 'HHMM, e.g. 1730';
  if (start && !end && !errors.start) errors.end = 'Give an end time too, or neither';
  if (end && !start && !errors.end) errors.start = 'Give a start time too, or neither';
  if (Object.keys(errors).length) return { ok: false, errors };
  return {
    ok: true,
    input: {
      name: source,
      newName,
      ...(start && end ? { window: { start_time: start, end_time: end } } : {}),
    },
  };
}

/** A free name to suggest: `orders_copy`, `orders_copy2`, ... */
export function suggestCloneName(source: string, existingNames: readonly string[]): string {
  const base = `${source}_copy`;
  if (!existingNames.includes(base)) return base;
  for (let i = 2; ; i++) if (!existingNames.includes(`${base}${i}`)) return `${base}${i}`;
}
