import { createContext, useContext, useState, type ReactNode } from 'react';
import { useStore } from 'zustand';
import { createEditorStore, type DesignerState, type EditorStore } from './store';
import { EditorStoreSlotContext } from './store-slot';

const EditorStoreContext = createContext<EditorStore | null>(null);

/**
 * Provides an editor store to the designer below it: `store` when given (tests), else the one the
 * app's slot holds (made on first use), else a store of its own.
 */
export function EditorStoreProvider({
  store,
  children,
}: {
  store?: EditorStore;
  children: ReactNode;
}) {
  const slot = useContext(EditorStoreSlotContext);
  const [own] = useState(
    () => store ?? (slot ? (slot.store ??= createEditorStore()) : createEditorStore()),
  );
  return <EditorStoreContext.Provider value={own}>{children}</EditorStoreContext.Provider>;
}

/** The editor store itself, to read or change it outside rendering (handlers, effects). */
export function useEditorStoreApi(): EditorStore {
  const store = useContext(EditorStoreContext);
  if (!store) throw new Error('useEditorStore: no EditorStoreProvider above this component');
  return store;
}

/** The part of the editor's state `select` picks; re-renders when it changes. */
export function useEditorStore<T>(select: (state: DesignerState) => T): T {
  return useStore(useEditorStoreApi(), select);
}
