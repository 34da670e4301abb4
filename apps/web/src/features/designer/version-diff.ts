// What changed between two saved versions of a DAG (the History drawer's diff): nodes, the
// components they use (subscribers, publishers, calculators, transformers) and edges added,
// removed or changed, each change down to the config key, and the top-level keys. Pure: it
// reads two configs as stored (JSON), whatever their shape, and never throws.

/** One value that differs, at a dotted path inside its item (`config.arguments`, `timezone`). */
export interface FieldChange {
  readonly path: string;
  /** Absent: the key is new. */
  readonly before?: unknown;
  /** Absent: the key is gone. */
  readonly after?: unknown;
}

export type DiffStatus = 'added' | 'removed' | 'changed';

/** A node or a component, by name. */
export interface ItemDiff {
  readonly name: string;
  readonly status: DiffStatus;
  /** The node's type or the component's type (a calculator's class, say), when it has one. */
  readonly type?: string;
  /** For `changed`: what differs. */
  readonly changes: readonly FieldChange[];
}

export const componentSections = [
  'subscribers',
  'publishers',
  'calculators',
  'transformers',
] as const;
export type ComponentSection = (typeof componentSections)[number];

export interface ComponentDiff extends ItemDiff {
  readonly section: ComponentSection;
}

/** An edge by its ends ("src → calc"); changed when its transformer or pname differ. */
export interface EdgeDiff {
  readonly key: string;
  readonly status: DiffStatus;
  readonly changes: readonly FieldChange[];
}

export interface VersionDiff {
  readonly nodes: readonly ItemDiff[];
  readonly components: readonly ComponentDiff[];
  readonly edges: readonly EdgeDiff[];
  /** Top-level keys: name, description, the window, timezone, propagate, timeouts... */
  readonly settings: readonly FieldChange[];
  /** Positions, notes and other canvas-only keys (`ui`) differ. */
  readonly layoutChanged: boolean;
  /** Nothing at all differs. */
  readonly same: boolean;
}

type Json = Record<string, unknown>;

const isRecord = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Deep equality of JSON values (key order does not matter). */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, i) => sameJson(item, b[i]));
  }
  if (!isRecord(a) || !isRecord(b)) return false;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const key of keys) if (!sameJson(a[key], b[key])) return false;
  return true;
}

/**
 * Every value that differs between two JSON values, at its dotted path: objects are walked key
 * by key, an array or a value is one change as a whole (`arguments: [a, b] → [a, c]`).
 */
export function fieldChanges(before: unknown, after: unknown, prefix = ''): FieldChange[] {
  if (sameJson(before, after)) return [];
  if (!isRecord(before) || !isRecord(after)) {
    const change: { path: string; before?: unknown; after?: unknown } = { path: prefix };
    if (before !== undefined) change.before = before;
    if (after !== undefined) change.after = after;
    return [change];
  }
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  return keys.flatMap((key) =>
    fieldChanges(before[key], after[key], prefix === '' ? key : `${prefix}.${key}`),
  );
}

/** The named items of a list (nodes, components), first of each name kept. */
function byName(list: unknown): Map<string, Json> {
  const items = new Map<string, Json>();
  if (!Array.isArray(list)) return items;
  for (const item of list)
    if (isRecord(item) && typeof item.name === 'string' && !items.has(item.name))
      items.set(item.name, item);
  return items;
}

const typeOf = (item: Json | undefined): string | undefined =>
  typeof item?.type === 'string' ? item.type : undefined;

/** Items added, removed and changed between two lists of named items, in the newer's order. */
function itemDiffs(before: unknown, after: unknown): ItemDiff[] {
  const old = byName(before);
  const now = byName(after);
  const diffs: ItemDiff[] = [];
  for (const [name, item] of now) {
    const was = old.get(name);
    const type = typeOf(item);
    const base = type === undefined ? { name } : { name, type };
    if (!was) diffs.push({ ...base, status: 'added', changes: [] });
    else {
      const { name: _a, ...rest } = item;
      const { name: _b, ...wasRest } = was;
      const changes = fieldChanges(wasRest, rest);
      if (changes.length > 0) diffs.push({ ...base, status: 'changed', changes });
    }
  }
  for (const [name, item] of old)
    if (!now.has(name)) {
      const type = typeOf(item);
      diffs.push({
        ...(type === undefined ? { name } : { name, type }),
        status: 'removed',
        changes: [],
      });
    }
  return diffs;
}

function edgeKey(edge: Json): string {
  return `${String(edge.from)} → ${String(edge.to)}`;
}

function edgeDiffs(before: unknown, after: unknown): EdgeDiff[] {
  const index = (list: unknown) => {
    const edges = new Map<string, Json>();
    if (Array.isArray(list))
      for (const edge of list)
        if (isRecord(edge) && !edges.has(edgeKey(edge))) edges.set(edgeKey(edge), edge);
    return edges;
  };
  const old = index(before);
  const now = index(after);
  const diffs: EdgeDiff[] = [];
  for (const [key, edge] of now) {
    const was = old.get(key);
    if (!was) diffs.push({ key, status: 'added', changes: [] });
    else {
      const changes = fieldChanges(was, edge);
      if (changes.length > 0) diffs.push({ key, status: 'changed', changes });
    }
  }
  for (const key of old.keys())
    if (!now.has(key)) diffs.push({ key, status: 'removed', changes: [] });
  return diffs;
}

const LISTS = new Set<string>(['nodes', 'edges', 'ui', ...componentSections]);

/** What changed from config `before` (the older version) to config `after`. */
export function versionDiff(before: unknown, after: unknown): VersionDiff {
  const old = isRecord(before) ? before : {};
  const now = isRecord(after) ? after : {};
  const nodes = itemDiffs(old.nodes, now.nodes);
  const components = componentSections.flatMap((section) =>
    itemDiffs(old[section], now[section]).map((diff) => ({ ...diff, section })),
  );
  const edges = edgeDiffs(old.edges, now.edges);
  const settingsOf = (config: Json) =>
    Object.fromEntries(Object.entries(config).filter(([key]) => !LISTS.has(key)));
  const settings = fieldChanges(settingsOf(old), settingsOf(now));
  const layoutChanged = !sameJson(old.ui, now.ui);
  const same =
    nodes.length + components.length + edges.length + settings.length === 0 && !layoutChanged;
  return { nodes, components, edges, settings, layoutChanged, same };
}

/** A value as the diff shows it: JSON, cut short. */
export function shownValue(value: unknown, max = 80): string {
  if (value === undefined) return '(none)';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
