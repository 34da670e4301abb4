import type { DagEngine } from '@flow/engine';
import type { DagDetails, LiveEvent, LiveNode, NodeDetails } from '@flow/shared';

/** What watchers get (the API's `state.watch` events, written once in @flow/shared). */
export type { LiveEvent, LiveNode } from '@flow/shared';

type Listener = (event: LiveEvent) => void;
interface Watcher {
  readonly listener: Listener;
  /** The node whose input, output and errors the watcher gets. */
  readonly inspect: string | undefined;
}

function light(node: NodeDetails): LiveNode {
  const { input: _input, output: _output, errors: _errors, ...rest } = node;
  return rest;
}

/** The nodes for one watcher: each light, but the one it inspects in full. */
function forWatcher(
  full: readonly NodeDetails[],
  lightNodes: readonly LiveNode[],
  inspect: string | undefined,
): readonly LiveNode[] {
  if (inspect === undefined) return lightNodes;
  const i = full.findIndex((n) => n.name === inspect);
  if (i < 0) return lightNodes;
  const nodes = lightNodes.slice();
  nodes[i] = full[i] as NodeDetails;
  return nodes;
}

const INTERVAL_MS = 100;

/**
 * Live node state for watchers of one DAG. It samples the engine at most 10 times a second while
 * anyone watches, and sends each watcher the nodes that changed since the last sample: the engine
 * emits nothing for it, so a DAG running flat out is not slowed by how many people watch.
 */
export class LiveHub {
  private readonly watchers = new Map<string, Set<Watcher>>();
  private readonly seen = new Map<string, Map<string, string>>();
  private timer: NodeJS.Timeout | undefined;
  /** The DAGs whose sample is on its way (DAGs in workers answer later): one each at a time. */
  private readonly sampling = new Set<string>();

  /**
   * `details`: where a DAG's live figures come from: the engine here, or in a cluster the DAG's
   * runner (so a browser on a standby sees the leader's live data).
   */
  constructor(
    private readonly engine: DagEngine,
    private readonly intervalMs = INTERVAL_MS,
    private readonly details: (dag: string) => DagDetails | Promise<DagDetails> = (dag) =>
      engine.details(dag),
  ) {}

  /**
   * Registers a watcher; it first gets a snapshot of every node, and the full details of the node
   * it inspects. Returns the unsubscribe.
   */
  async watch(dag: string, listener: Listener, inspect?: string): Promise<() => void> {
    const watcher: Watcher = { listener, inspect };
    const details = await this.details(dag);
    const { nodes, config: _config, ...summary } = details;
    listener({
      type: 'snapshot',
      dag: summary,
      nodes: forWatcher(nodes, nodes.map(light), inspect),
    });
    let set = this.watchers.get(dag);
    if (!set) {
      this.watchers.set(dag, (set = new Set()));
      this.seen.set(dag, new Map(nodes.map((n) => [n.name, fingerprint(n)])));
    }
    set.add(watcher);
    this.timer ??= setInterval(() => this.sampleAll(), this.intervalMs);
    return () => {
      set.delete(watcher);
      if (set.size === 0) {
        this.watchers.delete(dag);
        this.seen.delete(dag);
      }
      if (this.watchers.size === 0 && this.timer) {
        clearInterval(this.timer);
        this.timer = undefined;
      }
    };
  }

  get watcherCount(): number {
    let n = 0;
    for (const set of this.watchers.values()) n += set.size;
    return n;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.watchers.clear();
  }

  /**
   * Samples each watched DAG on its own: a DAG in a worker answers later, and one whose worker is
   * stuck in a compute (until the watchdog ends it) must not hold back the others' updates.
   */
  private sampleAll(): void {
    for (const dag of this.watchers.keys()) {
      if (this.sampling.has(dag) || !this.engine.has(dag)) continue;
      this.sampling.add(dag);
      void this.sample(dag).finally(() => this.sampling.delete(dag));
    }
  }

  private async sample(dag: string): Promise<void> {
    const details = await Promise.resolve()
      .then(() => this.details(dag))
      .catch((): DagDetails | undefined => undefined);
    const watchers = this.watchers.get(dag);
    const seen = this.seen.get(dag);
    // Gone meanwhile: the DAG deleted, its worker restarting, or nobody watching any more.
    if (!details || !seen || !watchers) return;
    const { nodes, config: _config, ...summary } = details;
    const changed = nodes.filter((n) => {
      const print = fingerprint(n);
      if (seen.get(n.name) === print) return false;
      seen.set(n.name, print);
      return true;
    });
    if (changed.length === 0) return;
    const lightNodes = changed.map(light);
    for (const { listener, inspect } of watchers)
      listener({ type: 'delta', dag: summary, nodes: forWatcher(changed, lightNodes, inspect) });
  }
}

/** What makes a node worth sending again. */
function fingerprint(n: NodeDetails): string {
  return `${n.computeCount}|${n.errorCount}|${n.warningCount}|${n.filteredCount}|${n.dirty}|${n.rate}|${n.queue?.depth}|${n.queue?.drops}|${n.queue?.rejected}|${n.connection?.state}|${n.connection?.error}`;
}
