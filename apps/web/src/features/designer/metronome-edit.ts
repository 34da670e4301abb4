import { addressOf, takenNames, uniqueName, type EditorGraph, type NodeSpec } from './model';

/** A subscriber type of the catalog, as a metronome's new subscriber is made from it. */
export interface SubscriberTemplate {
  readonly type: string;
  readonly defaults: Record<string, unknown>;
  /** The catalog's address template (`{name}` for the name). */
  readonly address?: string;
}

/**
 * A new subscriber of the DAG (named after the node, apart from every name taken), read by the
 * MetronomeNode `node` as its own: each tick takes its next message. Null when `node` is no
 * MetronomeNode.
 */
export function withNewMetronomeSubscriber(
  graph: EditorGraph,
  node: string,
  template: SubscriberTemplate,
): Pick<EditorGraph, 'doc' | 'nodes'> | null {
  const spec = graph.nodes.find((n) => n.id === node)?.data.spec;
  if (spec?.type !== 'MetronomeNode') return null;
  const name = uniqueName(`${node}_${template.type}_in`, takenNames(graph));
  const source = addressOf(template, name);
  const doc = {
    ...graph.doc,
    subscribers: [
      ...graph.doc.subscribers,
      { name, config: { ...template.defaults, source } },
    ] as EditorGraph['doc']['subscribers'],
  };
  const next: NodeSpec = { ...spec, config: { ...spec.config, subscriber: name } };
  const nodes = graph.nodes.map((n) =>
    n.id === node ? { ...n, data: { ...n.data, spec: next } } : n,
  );
  return { doc, nodes };
}
