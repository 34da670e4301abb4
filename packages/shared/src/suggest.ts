/**
 * "Did you mean" suggestions for misspelt names, with bounded work: a validation of a config with
 * thousands of bad references must cost milliseconds, not minutes (it runs on the server's event
 * loop). Only names within two edits are suggested; only names whose length is within two of the
 * given one are compared, each with a banded edit distance that stops as soon as it passes two;
 * and one validation compares at most SUGGESTION_BUDGET pairs and makes at most MAX_SUGGESTIONS
 * suggestions. Past either cap, problems simply carry no suggestion.
 */

const MAX_DISTANCE = 2;
/** Name pairs one validation compares, at most. */
export const SUGGESTION_BUDGET = 50_000;
/** Suggestions one validation makes, at most. */
export const MAX_SUGGESTIONS = 100;
/** Names longer than this are never compared (names are at most 128 characters anyway). */
const MAX_COMPARED_LENGTH = 256;

/** Known names, indexed for suggestions: by lower-cased spelling and by length. */
export class KnownNames {
  private readonly exact = new Map<string, string>();
  private readonly byLength = new Map<number, { lower: string; name: string; index: number }[]>();

  constructor(names: Iterable<string>) {
    let index = 0;
    for (const name of names) {
      if (name.length > MAX_COMPARED_LENGTH) continue;
      const lower = name.toLowerCase();
      if (!this.exact.has(lower)) this.exact.set(lower, name);
      let bucket = this.byLength.get(lower.length);
      if (!bucket) this.byLength.set(lower.length, (bucket = []));
      bucket.push({ lower, name, index: index++ });
    }
  }

  /** The name that differs only in case, if any. */
  sameIgnoringCase(lower: string): string | undefined {
    return this.exact.get(lower);
  }

  /** The names whose length is within `spread` of `length`, nearest lengths first. */
  *near(length: number, spread: number) {
    for (let d = 0; d <= spread; d++) {
      for (const l of d === 0 ? [length] : [length - d, length + d]) {
        const bucket = this.byLength.get(l);
        if (bucket) yield* bucket;
      }
    }
  }
}

/** The suggestions of one validation: shares its budget across every problem. */
export class Suggester {
  private comparisonsLeft = SUGGESTION_BUDGET;
  private suggestionsLeft = MAX_SUGGESTIONS;

  /** `; did you mean "x"?` when a known name is within two edits of `given` (ignoring case), else ''. */
  suggest(given: string, known: KnownNames): string {
    if (this.suggestionsLeft <= 0 || given.length > MAX_COMPARED_LENGTH) return '';
    const lower = given.toLowerCase();
    let best = known.sameIgnoringCase(lower);
    if (best === undefined) {
      let bestDistance = MAX_DISTANCE + 1;
      let bestIndex = Infinity;
      for (const candidate of known.near(lower.length, MAX_DISTANCE)) {
        if (this.comparisonsLeft <= 0) break;
        this.comparisonsLeft--;
        const d = boundedEditDistance(lower, candidate.lower, MAX_DISTANCE);
        if (d > MAX_DISTANCE) continue;
        // Ties go to the name declared first, as they would in a scan of the whole list.
        if (d < bestDistance || (d === bestDistance && candidate.index < bestIndex)) {
          [best, bestDistance, bestIndex] = [candidate.name, d, candidate.index];
        }
      }
    }
    if (best === undefined) return '';
    this.suggestionsLeft--;
    return `; did you mean "${best}"?`;
  }
}

/**
 * The Levenshtein distance of `a` and `b` when it is at most `max`, else `max + 1`. Only the band
 * of cells within `max` of the diagonal is computed, and it stops at the first row past `max`:
 * O(max * length) at worst.
 */
export function boundedEditDistance(a: string, b: string, max: number): number {
  const over = max + 1;
  if (Math.abs(a.length - b.length) > max) return over;
  // Cells outside the band stay `over`; the band moves right, so they are never stale.
  let prev = new Int32Array(b.length + 1).fill(over);
  let row = new Int32Array(b.length + 1).fill(over);
  for (let j = 0; j <= Math.min(b.length, max); j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    const from = Math.max(1, i - max);
    const to = Math.min(b.length, i + max);
    row[from - 1] = from === 1 && i <= max ? i : over;
    let rowMin = row[from - 1] as number;
    const ca = a.charCodeAt(i - 1);
    for (let j = from; j <= to; j++) {
      const cost = ca === b.charCodeAt(j - 1) ? 0 : 1;
      const v = Math.min(
        (prev[j] as number) + 1,
        (row[j - 1] as number) + 1,
        (prev[j - 1] as number) + cost,
      );
      row[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return over;
    [prev, row] = [row, prev];
  }
  return Math.min(prev[b.length] as number, over);
}
