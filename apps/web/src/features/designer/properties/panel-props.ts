import type { CatalogEntry } from '../../../trpc';

/** What every panel of the property panel is given. */
export interface PanelProps {
  catalog: readonly CatalogEntry[] | undefined;
  readOnly: boolean;
}
