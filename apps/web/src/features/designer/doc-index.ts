import type { DagDoc } from './model';

interface DocIndex {
  subscribers: Map<string, DagDoc['subscribers'][number]>;
  publishers: Map<string, DagDoc['publishers'][number]>;
  calculators: Map<string, DagDoc['calculators'][number]>;
  transformers: Map<string, DagDoc['transformers'][number]>;
}

const cache = new WeakMap<DagDoc, DocIndex>();

/** Components by name, built once per document (a canvas of 1,000 nodes looks them up often). */
export function docIndex(doc: DagDoc): DocIndex {
  let index = cache.get(doc);
  if (!index) {
    index = {
      subscribers: new Map(doc.subscribers.map((c) => [c.name, c])),
      publishers: new Map(doc.publishers.map((c) => [c.name, c])),
      calculators: new Map(doc.calculators.map((c) => [c.name, c])),
      transformers: new Map(doc.transformers.map((c) => [c.name, c])),
    };
    cache.set(doc, index);
  }
  return index;
}
