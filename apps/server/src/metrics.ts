import type { DagServer } from '@flow/engine';
import { MAX_NAME_LENGTH } from '@flow/shared';

/** A label value: escaped, and cut to the longest name (names are capped, this caps the rest). */
const escape = (v: string) =>
  v.slice(0, MAX_NAME_LENGTH).replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');

/**
 * The rendered text, kept for `ttlMs`: a 12,000-node DAG takes a tenth of a second to render,
 * and twenty scrapers at once must not cost twenty renders (nor stall /healthz behind them).
 */
export class MetricsCache {
  /** Kept encoded: 4 MB of text is not encoded again for every scrape. */
  private text: Buffer | undefined;
  private renderedAt = 0;

  constructor(
    private readonly render: () => string,
    private readonly ttlMs = 1000,
    private readonly now: () => number = Date.now,
  ) {}

  get(): Buffer {
    const now = this.now();
    if (this.text === undefined || now - this.renderedAt >= this.ttlMs) {
      this.text = Buffer.from(this.render());
      this.renderedAt = now;
    }
    return this.text;
  }
}

/** Prometheus text exposition of every DAG and node. */
export function renderMetrics(engine: DagServer, uptimeSeconds: number): string {
  const families = new Map<
    string,
    { help: string; type: 'counter' | 'gauge'; samples: string[] }
  >();
  const add = (
    name: string,
    type: 'counter' | 'gauge',
    help: string,
    labels: Record<string, string>,
    value: number,
  ) => {
    let family = families.get(name);
    if (!family) families.set(name, (family = { help, type, samples: [] }));
    const text = Object.entries(labels)
      .map(([k, v]) => `${k}="${escape(v)}"`)
      .join(',');
    family.samples.push(`${name}{${text}} ${Number.isFinite(value) ? value : 0}`);
  };
  for (const summary of engine.list()) {
    const dag = summary.name;
    for (const state of ['running', 'suspended', 'stopped'])
      add(
        'flow_dag_state',
        'gauge',
        'DAG lifecycle state (1 for the current one)',
        { dag, state },
        summary.state === state ? 1 : 0,
      );
    for (const node of engine.details(dag).nodes) {
      const labels = { dag, node: node.name, type: node.type };
      const messagesIn = node.queue
        ? node.computeCount + node.queue.depth + node.queue.drops
        : node.computeCount + node.errorCount;
      add(
        'flow_node_messages_in_total',
        'counter',
        'Messages that reached the node',
        labels,
        messagesIn,
      );
      add(
        'flow_node_messages_out_total',
        'counter',
        'Messages the node computed and passed on',
        labels,
        node.computeCount,
      );
      add(
        'flow_node_errors_total',
        'counter',
        'Errors recorded on the node',
        labels,
        node.errorCount,
      );
      add(
        'flow_node_warnings_total',
        'counter',
        'Warnings recorded on the node',
        labels,
        node.warningCount,
      );
      if (node.queue) {
        add(
          'flow_node_queue_depth',
          'gauge',
          'Messages waiting in the subscriber queue',
          labels,
          node.queue.depth,
        );
        add(
          'flow_node_dropped_total',
          'counter',
          'Messages dropped from a full queue',
          labels,
          node.queue.drops,
        );
        add(
          'flow_node_rejected_total',
          'counter',
          'Payloads that were not JSON objects',
          labels,
          node.queue.rejected,
        );
      }
      for (const p of node.publishers ?? []) {
        add(
          'flow_publisher_published_total',
          'counter',
          'Messages a publisher sent',
          { ...labels, publisher: p.name },
          p.published,
        );
        add(
          'flow_publisher_failures_total',
          'counter',
          'Failed publisher sends',
          { ...labels, publisher: p.name },
          p.failures,
        );
      }
    }
  }
  add('flow_uptime_seconds', 'gauge', 'Seconds since the server started', {}, uptimeSeconds);
  const out: string[] = [];
  for (const [name, family] of families)
    out.push(`# HELP ${name} ${family.help}`, `# TYPE ${name} ${family.type}`, ...family.samples);
  return `${out.join('\n')}\n`;
}
