import { notifications } from '@mantine/notifications';
import { useEffect, useRef } from 'react';
import { useLeaveGuard } from '../../leave-guard';
import { useFitDag } from './use-fit-dag';
import { panelShortcuts } from './panel-layout';
import { useEditorStoreApi } from './store-context';

const isTyping = (target: EventTarget | null) =>
  target instanceof HTMLElement &&
  (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));

/** The designer's keys, for the shortcuts dialog. */
export const shortcuts: [string, string][] = [
  ['Ctrl+S', 'save'],
  ['Ctrl+Z', 'undo'],
  ['Ctrl+Shift+Z / Ctrl+Y', 'redo'],
  ['Ctrl+C / Ctrl+V', 'copy / paste the selected nodes'],
  ['Ctrl+A', 'select every node'],
  ['Ctrl+F', 'find a node by name, type or config value'],
  ['Ctrl+G', 'group the selected nodes'],
  ['Right-click', 'the menu of a node, an edge or the canvas'],
  ['Delete / Backspace', 'delete the selection'],
  ['Shift+drag', 'select with a box'],
  ['Ctrl+click', 'add to the selection'],
  ['F', 'zoom to fit'],
  ['Shift+L', 'auto-layout'],
  ['Double-click a palette item', 'add it to the canvas'],
  ...panelShortcuts,
];

/**
 * The designer's keyboard shortcuts on the window (not while typing in a field), and the
 * browser's question before leaving a page with unsaved changes.
 */
export function useDesignerKeys(actions: {
  doSave: () => void;
  layout: () => Promise<void>;
  editable: boolean;
  showHelp: () => void;
}) {
  const fit = useFitDag();
  const designer = useEditorStoreApi();
  const keys = useRef(actions);
  keys.current = actions;

  // In-app links ask too (Stay / Leave).
  useLeaveGuard(() => designer.getState().dirty && keys.current.editable);

  // The browser asks before leaving a page with unsaved changes.
  useEffect(() => {
    const onLeave = (e: BeforeUnloadEvent) => {
      if (designer.getState().dirty && keys.current.editable) e.preventDefault();
    };
    window.addEventListener('beforeunload', onLeave);
    return () => window.removeEventListener('beforeunload', onLeave);
  }, [designer]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (isTyping(e.target)) return;
      const s = designer.getState();
      const mod = e.ctrlKey || e.metaKey;
      const key = e.key.toLowerCase();
      const { editable: canEdit } = keys.current;
      if (mod && key === 's') {
        e.preventDefault();
        if (canEdit) keys.current.doSave();
      } else if (mod && key === 'z' && !e.shiftKey && canEdit) {
        e.preventDefault();
        s.undo();
      } else if (mod && ((key === 'z' && e.shiftKey) || key === 'y') && canEdit) {
        e.preventDefault();
        s.redo();
      } else if (mod && key === 'c') {
        const n = s.copySelection();
        if (n) notifications.show({ message: `Copied ${n} node(s)`, autoClose: 1500 });
      } else if (mod && key === 'v' && canEdit) {
        s.paste();
      } else if (mod && key === 'a') {
        e.preventDefault();
        s.selectAll();
      } else if ((e.key === 'Delete' || e.key === 'Backspace') && canEdit) {
        s.deleteSelection();
      } else if (!mod && key === 'f') {
        fit({ animate: true, whole: true });
      } else if (e.shiftKey && key === 'l' && canEdit) {
        void keys.current.layout();
      } else if (e.key === '?') {
        keys.current.showHelp();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [fit, designer]);
}
