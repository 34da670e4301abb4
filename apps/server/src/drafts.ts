import { ConfigError } from '@flow/engine';
import {
  isName,
  jsonLimitProblems,
  MAX_NAME_LENGTH,
  problemAt,
  type Problem,
  type SaveDraftResult,
  type ValidateDagResult,
} from '@flow/shared';
import type { AuditLog } from './store/audit';
import type { DraftStore } from './store/drafts';
import type { Role } from './store/users';

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** What saving a draft needs of the server: its validation, the drafts and the audit log. */
export interface DraftDeps {
  validate(incoming: unknown, role: Role): Promise<ValidateDagResult>;
  readonly drafts: DraftStore;
  readonly audit: AuditLog;
}

/**
 * The problems that refuse a draft: past the input limits (size, nesting, characters), not an
 * object, or without a valid DAG name (a draft is stored under it). Every other problem is
 * stored with the draft.
 */
export function draftRefusal(incoming: unknown): Problem[] {
  const limits = jsonLimitProblems(incoming);
  if (limits.length > 0) return limits;
  if (!isRecord(incoming))
    return [problemAt([], 'invalid_type', 'a draft is a DAG config: a JSON object')];
  const name = incoming.name;
  if (typeof name !== 'string' || !isName(name))
    return [
      problemAt(
        ['name'],
        typeof name === 'string' ? 'invalid_name' : 'missing',
        `a draft is saved under its DAG name: letters, digits and underscores (at most ${MAX_NAME_LENGTH}), with at least one letter`,
      ),
    ];
  return [];
}

/**
 * Saves a config as the draft of its DAG, with every problem a save would meet (the same
 * validation, for the saver's role). A draft is never run or deployed; a valid save removes it.
 */
export async function saveDraft(
  deps: DraftDeps,
  incoming: unknown,
  author: string,
  role: Role,
): Promise<SaveDraftResult> {
  const refused = draftRefusal(incoming);
  if (refused.length > 0 || !isRecord(incoming)) throw new ConfigError(refused);
  const name = String(incoming.name);
  const result = await deps.validate(incoming, role);
  // A file in the original format is kept as a save would store it: converted into ours.
  const config = result.converted ?? incoming;
  const savedAt = await deps.drafts.put(name, config, result.problems, author);
  await deps.audit.record(author, 'dag.draft', name, { problems: result.problems.length });
  return { name, savedAt, problems: result.problems.length };
}
