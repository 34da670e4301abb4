/**
 * What a node shows as text, the same whether React draws it (DagNodeView) or the canvas paints
 * it (far/draw-near.ts): its subtitle and its live line. Free of React and of the DOM.
 */
import { formatCount, formatRate } from '../../format';
import type { LiveNode } from '../../trpc';
import { docIndex } from './doc-index';
import type { DagDoc, NodeSpec } from './model';
import { typeLabel } from './type-label';

/** Under the name: the subscriber's source, the publishers' destinations, the calculator. */
export function subtitle(spec: NodeSpec, doc: DagDoc): string {
  const index = docIndex(doc);
  switch (spec.type) {
    case 'SubscriptionNode':
      return String(
        index.subscribers.get(spec.config.subscriber)?.config.source ?? '⚠ no subscriber',
      );
    case 'PublicationNode':
    case 'PublisherSinkNode':
      return spec.config.publishers
        .map((p) => String(index.publishers.get(p)?.config.destination ?? `⚠ ${p}`))
        .join(', ');
    case 'CalculationNode':
      return spec.config.calculator
        ? index.calculators.has(spec.config.calculator)
          ? spec.config.calculator
          : `⚠ ${spec.config.calculator}`
        : 'merge only';
    case 'SinkNode':
      return 'computes nothing';
    case 'MetronomeNode':
      return `every ${spec.config.interval_ms} ms`;
  }
}

/**
 * The node's head: what it is as a user reads it (`Addition`, `Subscriber`), and the internal
 * type names for its tooltip (`CalculationNode · AdditionCalculator`).
 */
export function headLabel(spec: NodeSpec, doc: DagDoc): { label: string; types: string } {
  if (spec.type === 'CalculationNode' && spec.config.calculator) {
    const type = docIndex(doc).calculators.get(spec.config.calculator)?.type;
    if (type) return { label: typeLabel(type), types: `${spec.type} · ${type}` };
  }
  return { label: typeLabel(spec.type), types: spec.type };
}

/** A node's live line as text. */
export interface LiveLineText {
  /** Data is flowing (the dot is green). */
  readonly on: boolean;
  readonly rate: string;
  readonly count: string;
  /** A FilterCalculator's messages stopped (its condition false); null for other nodes. */
  readonly filtered: string | null;
  readonly errors: string | null;
  /** Warnings (e.g. an argument that is not a number), shown apart from errors. */
  readonly warnings: string | null;
  readonly queue: string | null;
  readonly drops: string | null;
  /** The connection's state while it is not connected, and its error. */
  readonly connection: string | null;
  readonly connectionTitle: string | null;
}

/**
 * What the live line shows: what the node is doing from its latest details (`now`), its figures
 * from those the canvas shows (`shown`, refreshed once a second: `figures` in the live store, whose
 * rate is the one the inspector shows too: live/rate-history.ts).
 */
export function liveLine(now: LiveNode, shown: LiveNode | undefined): LiveLineText {
  const figures = shown ?? now;
  const connection = now.connection && now.connection.state !== 'connected' ? now.connection : null;
  return {
    on: now.rate > 0 || figures.rate > 0,
    rate: formatRate(figures.rate),
    count: formatCount(figures.computeCount),
    filtered: figures.filteredCount !== undefined ? formatCount(figures.filteredCount) : null,
    errors: now.errorCount > 0 ? formatCount(now.errorCount) : null,
    warnings: now.warningCount > 0 ? formatCount(now.warningCount) : null,
    queue: figures.queue ? formatCount(figures.queue.depth) : null,
    drops: now.queue && now.queue.drops > 0 ? formatCount(now.queue.drops) : null,
    connection: connection?.state ?? null,
    connectionTitle: connection ? (connection.error ?? connection.state) : null,
  };
}

export const sameLiveLine = (a: LiveLineText, b: LiveLineText): boolean =>
  a.on === b.on &&
  a.rate === b.rate &&
  a.count === b.count &&
  a.filtered === b.filtered &&
  a.errors === b.errors &&
  a.warnings === b.warnings &&
  a.queue === b.queue &&
  a.drops === b.drops &&
  a.connection === b.connection &&
  a.connectionTitle === b.connectionTitle;

/**
 * A node in one line of words, for a tooltip or a screen reader: name, kind and component, and
 * in the live view what it is doing: `add, calculator AdditionCalculator: 5.0 messages a second,
 * 1234 computed, 2 errors`.
 */
export function nodeSummary(
  name: string,
  kind: string,
  component: string,
  details: LiveNode | undefined,
): string {
  const head = `${name}, ${kind}${component ? ` ${component}` : ''}`;
  if (!details) return head;
  const parts = [
    `${formatRate(details.rate)} messages a second`,
    details.filteredCount !== undefined
      ? `${formatCount(details.computeCount)} passed, ${formatCount(details.filteredCount)} filtered`
      : `${formatCount(details.computeCount)} computed`,
    `${formatCount(details.errorCount)} error${details.errorCount === 1 ? '' : 's'}`,
  ];
  if (details.queue)
    parts.push(
      `queue ${details.queue.depth} of ${details.queue.maxDepth}, ${details.queue.drops} dropped`,
    );
  if (details.connection && details.connection.state !== 'connected')
    parts.push(`connection ${details.connection.state}`);
  return `${head}: ${parts.join(', ')}`;
}
