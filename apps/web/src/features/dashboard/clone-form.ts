import { cloneInputSchema, MAX_NAME_LENGTH, type CloneInput } from '@flow/shared';

export type { CloneInput } from '@flow/shared';

export interface CloneForm {
  newName: string;
  start: string;
  end: string;
}

export type CloneFormErrors = Partial<Record<keyof CloneForm, string>>;

/**
 * Checks the clone dialog's fields against the server's rule (`dags.clone`'s input) and what only
 * the dialog knows (names taken, both window ends or neither); returns the mutation's input, or
 * what is wrong with each field.
 */
export function parseCloneForm(
  source: string,
  form: CloneForm,
  existingNames: readonly string[],
): { ok: true; input: CloneInput } | { ok: false; errors: CloneFormErrors } {
  const errors: CloneFormErrors = {};
  const newName = form.newName.trim();
  const start = form.start.trim();
  const end = form.end.trim();
  const parsed = cloneInputSchema.safeParse({
    name: source,
    newName,
    ...(start || end ? { window: { start_time: start, end_time: end } } : {}),
  });
  const wrong = new Set(parsed.success ? [] : parsed.error.issues.map((i) => i.path.join('.')));
  if (!newName) errors.newName = 'Enter a name';
  else if (wrong.has('newName'))
    errors.newName = `Letters, digits and underscores only (at most ${MAX_NAME_LENGTH}), with at least one letter`;
  else if (existingNames.includes(newName))
    errors.newName = `A DAG named ${newName} already exists`;
  if (start && wrong.has('window.start_time')) errors.start = 'HHMM, e.g. 0900';
  if (end && wrong.has('window.end_time')) errors.end = 'HHMM, e.g. 1730';
  if (start && !end && !errors.start) errors.end = 'Give an end time too, or neither';
  if (end && !start && !errors.end) errors.start = 'Give a start time too, or neither';
  if (Object.keys(errors).length) return { ok: false, errors };
  if (!parsed.success) return { ok: false, errors: { newName: parsed.error.issues[0]?.message } };
  return { ok: true, input: parsed.data };
}

/** A free name to suggest: `orders_copy`, `orders_copy2`, ... */
export function suggestCloneName(source: string, existingNames: readonly string[]): string {
  const base = `${source}_copy`;
  if (!existingNames.includes(base)) return base;
  for (let i = 2; ; i++) if (!existingNames.includes(`${base}${i}`)) return `${base}${i}`;
}
