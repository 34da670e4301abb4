import { createContext, useState, type ReactNode } from 'react';
import type { EditorStore } from './store';

/**
 * Where the app keeps its editor's store while no designer page shows, so that the clipboard and
 * unsaved state outlive a visit to another page, as they did when the store was a module. It
 * imports no designer code: the designer still loads on demand.
 */
export interface EditorStoreSlot {
  store?: EditorStore;
}

export const EditorStoreSlotContext = createContext<EditorStoreSlot | null>(null);

/** Holds one editor store for everything below it (made by the first designer page shown). */
export function EditorStoreSlotProvider({ children }: { children: ReactNode }) {
  const [slot] = useState<EditorStoreSlot>(() => ({}));
  return <EditorStoreSlotContext.Provider value={slot}>{children}</EditorStoreSlotContext.Provider>;
}
