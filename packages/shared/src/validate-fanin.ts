import { faninSources } from './components';
import { isRecord, items, type Add } from './config-walk';
import type { Parsed } from './config-walk';
import { MAX_URI_LENGTH } from './limits';

const FANIN = /^fanin:\/\/[A-Za-z0-9_]+(,[A-Za-z0-9_]+)*$/;

/** The source of a subscriber entry, when it is a string. */
function sourceOf(item: Parsed): string | undefined {
  const config = item.config;
  return isRecord(config) && typeof config.source === 'string' ? config.source : undefined;
}

/**
 * Checks what each `fanin://a,b,c` subscriber names: other subscribers of the DAG, each once,
 * none of them itself a fanin (a fanin reads sources, not other fanins). A malformed URI is the
 * scheme's schema's to report, and so is one past MAX_URI_LENGTH (never walked: a URI of 100,000
 * names would be 100,000 problems). Each problem names the subscriber, not the whole URI again.
 */
export function checkFanins(dag: Parsed, add: Add): void {
  const subscribers = items(dag, 'subscribers');
  const byName = new Map<string, Parsed>();
  for (const item of subscribers)
    if (typeof item.name === 'string' && !byName.has(item.name)) byName.set(item.name, item);
  subscribers.forEach((item, i) => {
    const source = sourceOf(item);
    if (source === undefined || source.length > MAX_URI_LENGTH || !FANIN.test(source)) return;
    const at = ['subscribers', i, 'config', 'source'];
    const seen = new Set<string>();
    for (const name of faninSources(source)) {
      const target = byName.get(name);
      if (seen.has(name)) add(at, 'invalid_value', `names "${name}" twice`);
      else if (name === item.name) add(at, 'invalid_value', 'names itself');
      else if (!target)
        add(
          at,
          'unknown_reference',
          `reads subscriber "${name}", which is not defined under subscribers`,
        );
      else if (sourceOf(target)?.startsWith('fanin:'))
        add(
          at,
          'invalid_value',
          `reads "${name}", which is a fanin too: name its sources directly`,
        );
      seen.add(name);
    }
  });
}
