import { items, type Add, type Parsed, type Section } from './config-walk';
import { sinkNodeTypes } from './dag-schema';
import { topologicalOrder } from './graph';
import { MAX_NAME_LENGTH } from './limits';
import { isName } from './names';
import { nodeReferences, type ReferenceKind } from './references';
import { KnownNames, type Suggester } from './suggest';

/** A string that could be a name: one that is not (bad characters, too long) is reported by the structural check. */
function nameLike(value: unknown): value is string {
  return typeof value === 'string' && isName(value);
}

/**
 * Checks the references between nodes and components, the edges (known ends, no duplicates,
 * nothing into a source or out of a publication) and that the edges form no cycle. Linear in the
 * size of the config: names are looked up in sets and suggestions share one bounded budget.
 */
export function checkGraph(dag: Parsed, add: Add, suggester: Suggester): void {
  const names = (section: Section) =>
    new Set(
      items(dag, section).flatMap((item) => (typeof item.name === 'string' ? [item.name] : [])),
    );
  const defined: Record<ReferenceKind, Set<string>> = {
    subscriber: names('subscribers'),
    publisher: names('publishers'),
    calculator: names('calculators'),
    transformer: names('transformers'),
  };
  const known = new Map<ReferenceKind | 'node', KnownNames>();
  const knownNames = (kind: ReferenceKind | 'node', all: () => Iterable<string>) => {
    let names = known.get(kind);
    if (!names) known.set(kind, (names = new KnownNames(all())));
    return names;
  };
  const nodeType = new Map<string, string>();
  const nodes = items(dag, 'nodes');
  const ref = (segments: PropertyKey[], owner: string, kind: ReferenceKind, value: unknown) => {
    if (!nameLike(value) || defined[kind].has(value)) return;
    const hint = suggester.suggest(
      value,
      knownNames(kind, () => defined[kind]),
    );
    add(
      segments,
      'unknown_reference',
      `${owner} uses ${kind} "${value}", which is not defined under ${kind}s${hint}`,
    );
  };
  nodes.forEach((node, i) => {
    if (typeof node.name !== 'string') return;
    if (!nodeType.has(node.name))
      nodeType.set(node.name, typeof node.type === 'string' ? node.type : '');
    const owner = `node "${label(node.name)}"`;
    for (const r of nodeReferences(node)) ref(['nodes', i, ...r.segments], owner, r.kind, r.name);
  });

  /** Per target node: the first edge into it with each pname. */
  const pnames = new Map<string, Map<string, string>>();
  const checkPname = (edge: Parsed, k: number, to: string) => {
    const pname = edge.pname;
    if (typeof pname !== 'string') return;
    let seen = pnames.get(to);
    if (!seen) pnames.set(to, (seen = new Map()));
    const here = `edges[${k}] (${label(edge.from)} -> ${label(to)})`;
    const first = seen.get(pname);
    if (first === undefined) seen.set(pname, here);
    else
      add(
        ['edges', k, 'pname'],
        'duplicate_pname',
        `${first} and ${here} both have pname "${label(pname)}": each edge into a node needs its own pname`,
      );
  };

  const edges: { from: string; to: string; index: number }[] = [];
  const seenEdges = new Map<string, number>();
  items(dag, 'edges').forEach((edge, k) => {
    const { from, to } = edge;
    ref(
      ['edges', k, 'transformer'],
      `edge ${label(from)} -> ${label(to)}`,
      'transformer',
      edge.transformer,
    );
    let ok = true;
    for (const end of ['from', 'to'] as const) {
      const name = edge[end];
      if (typeof name !== 'string') ok = false;
      else if (!nodeType.has(name)) {
        ok = false;
        if (nameLike(name)) {
          const hint = suggester.suggest(
            name,
            knownNames('node', () => nodeType.keys()),
          );
          add(
            ['edges', k, end],
            'unknown_reference',
            `edge ${end} "${name}": no node has that name${hint}`,
          );
        }
      }
    }
    if (!ok) return;
    const key = edgeKey(from as string, to as string);
    const first = seenEdges.get(key);
    if (first !== undefined) {
      add(
        ['edges', k],
        'duplicate_edge',
        `edge ${from as string} -> ${to as string} is already edges[${first}]`,
      );
      return;
    }
    seenEdges.set(key, k);
    const toType = nodeType.get(to as string);
    if (toType === 'SubscriptionNode' || toType === 'MetronomeNode') {
      add(
        ['edges', k, 'to'],
        'source_has_inputs',
        `edge ${from as string} -> ${to as string} points into ${toType} "${to as string}", which is a source and takes no inputs`,
      );
    }
    const fromType = nodeType.get(from as string) ?? '';
    if ((sinkNodeTypes as readonly string[]).includes(fromType)) {
      add(
        ['edges', k, 'from'],
        'publication_has_outputs',
        `edge ${from as string} -> ${to as string} leaves ${fromType} "${from as string}", which is a sink and has no outputs`,
      );
    }
    checkPname(edge, k, to as string);
    edges.push({ from: from as string, to: to as string, index: k });
  });

  const order = topologicalOrder([...nodeType.keys()], edges);
  if (!order.ok) {
    for (const cycle of order.cycles) {
      const first = seenEdges.get(edgeKey(cycle[0] as string, cycle[1] as string));
      add(
        first === undefined ? ['edges'] : ['edges', first],
        'cycle',
        `the edges form a cycle: ${cycle.join(' -> ')}`,
        cycle.slice(0, -1),
      );
    }
  }
}

function edgeKey(from: string, to: string): string {
  return `${from}\u0000${to}`;
}

/** A node name in a message, as written (cut when long, since it may be refused as too long). */
function label(value: unknown): string {
  const s = String(value);
  return s.length > MAX_NAME_LENGTH ? `${s.slice(0, MAX_NAME_LENGTH)}…` : s;
}
