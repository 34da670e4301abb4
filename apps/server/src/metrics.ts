import type { DagEngine } from '@flow/engine';
import { dagStates, MAX_NAME_LENGTH, type DagDetails } from '@flow/shared';

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
  /** The render in progress: scrapes that come meanwhile wait for it instead of starting theirs. */
  private rendering: Promise<Buffer> | undefined;

  constructor(
    private readonly render: () => string | Promise<string>,
    private readonly ttlMs = 1000,
    private readonly now: () => number = Date.now,
  ) {}

  async get(): Promise<Buffer> {
    const now = this.now();
    if (this.text !== undefined && now - this.renderedAt < this.ttlMs) return this.text;
    this.rendering ??= (async () => {
      try {
        const text = Buffer.from(await this.render());
        this.text = text;
        this.renderedAt = this.now();
        return text;
      } finally {
        this.rendering = undefined;
      }
    })();
    return this.rendering;
  }
}

/** Prometheus text exposition of every DAG and node. */
export async function renderMetrics(engine: DagEngine, uptimeSeconds: number): Promise<string> {
  const summaries = await engine.list();
  // A DAG deleted between the list and its details is left out of this scrape.
  const details = await Promise.all(
    summaries.map((s) =>
      Promise.resolve(engine.details(s.name)).catch((): DagDetails | undefined => undefined),
    ),
  );
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
  summaries.forEach((summary, i) => {
    const dag = summary.name;
    if (summary.worker !== undefined)
      add('flow_dag_worker', 'gauge', 'The worker thread the DAG runs on', { dag }, summary.worker);
    for (const state of dagStates)
      add(
        'flow_dag_state',
        'gauge',
        'DAG lifecycle state (1 for the current one)',
        { dag, state },
        summary.state === state ? 1 : 0,
      );
    for (const node of details[i]?.nodes ?? []) {
      const labels = { dag, node: node.name, type: node.type };
      const messagesIn = node.queue
        ? node.computeCount + node.queue.depth + node.queue.drops
        : node.computeCount + node.errorCount + (node.filteredCount ?? 0);
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
      if (node.filteredCount !== undefined)
        add(
          'flow_node_filtered_total',
          'counter',
          'Messages a filter stopped at the node (its condition was false)',
          labels,
          node.filteredCount,
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
  });
  for (const worker of engine.status().workers) {
    const labels = { worker: String(worker.id) };
    add(
      'flow_worker_event_loop_utilization',
      'gauge',
      'Share of the last second the worker thread was busy (0 to 1)',
      labels,
      worker.eventLoopUtilization,
    );
    add(
      'flow_worker_heap_used_bytes',
      'gauge',
      'Heap the worker uses',
      labels,
      worker.heapUsedBytes,
    );
    add(
      'flow_worker_heap_limit_bytes',
      'gauge',
      'Heap limit of the worker (DAG_WORKER_MAX_HEAP_MB)',
      labels,
      worker.heapLimitBytes,
    );
    add(
      'flow_worker_restarts_total',
      'counter',
      'Times the worker thread was replaced (watchdog, heap, crash)',
      labels,
      worker.restarts,
    );
    add('flow_worker_dags_running', 'gauge', 'Running DAGs on the worker', labels, worker.running);
  }
  add('flow_uptime_seconds', 'gauge', 'Seconds since the server started', {}, uptimeSeconds);
  const out: string[] = [];
  for (const [name, family] of families)
    out.push(`# HELP ${name} ${family.help}`, `# TYPE ${name} ${family.type}`, ...family.samples);
  return `${out.join('\n')}\n`;
}
