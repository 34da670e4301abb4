import { useReactFlow, type Edge, type Node, type XYPosition } from '@xyflow/react';
import { useEffect, useMemo, useState, type MouseEvent as ReactMouseEvent } from 'react';
import { isAnnotationId } from './annotations';
import { AddNodeDialog } from './AddNodeDialog';
import { groupSelection } from './canvas-actions';
import { CanvasContextMenu, type MenuAt } from './CanvasContextMenu';
import { FindBox } from './FindBox';
import { RenameDialog } from './RenameDialog';
import { useEditorStoreApi } from './store-context';

const isTyping = (target: EventTarget | null) =>
  target instanceof HTMLElement &&
  (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));

/**
 * What the canvas shows over itself: the search (Ctrl+F), the right-click menu and the dialogs it
 * opens. Gives the handlers for React Flow and the element to render inside the canvas's frame.
 * Ctrl+F opens the search unless the focus is in a text field (there the browser's own find
 * stays); Ctrl+G groups the selection. The pointer's last place on the canvas is where Ctrl+V
 * pastes.
 */
export function useCanvasOverlays(editable: boolean) {
  const flow = useReactFlow();
  const store = useEditorStoreApi();
  const [finding, setFinding] = useState(false);
  const [menu, setMenu] = useState<MenuAt | null>(null);
  const [renaming, setRenaming] = useState<string | null>(null);
  const [adding, setAdding] = useState<XYPosition | null>(null);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const mod = e.ctrlKey || e.metaKey;
      if (!mod || isTyping(e.target)) return;
      const key = e.key.toLowerCase();
      if (key === 'f') {
        e.preventDefault();
        setFinding(true);
      } else if (key === 'g' && editable) {
        e.preventDefault();
        groupSelection(store);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [editable, store]);

  // Stable: React Flow hands these to every node, and a new one would re-render them all.
  const handlers = useMemo(() => {
    const open = (on: MenuAt['on'], e: ReactMouseEvent | MouseEvent, id?: string) => {
      e.preventDefault();
      const client = { x: e.clientX, y: e.clientY };
      setMenu({ on, ...(id ? { id } : {}), client, flow: flow.screenToFlowPosition(client) });
    };
    return {
      onNodeContextMenu: (e: ReactMouseEvent, node: Node) => {
        if (isAnnotationId(node.id)) e.preventDefault();
        else open('node', e, node.id);
      },
      onEdgeContextMenu: (e: ReactMouseEvent, edge: Edge) => open('edge', e, edge.id),
      onPaneContextMenu: (e: ReactMouseEvent | MouseEvent) => open('pane', e),
    };
  }, [flow]);

  const element = (
    <>
      {finding && <FindBox onClose={() => setFinding(false)} />}
      {menu && (
        <CanvasContextMenu
          at={menu}
          editable={editable}
          onClose={() => setMenu(null)}
          onFind={() => setFinding(true)}
          onRename={setRenaming}
          onAddNode={setAdding}
        />
      )}
      {renaming && <RenameDialog name={renaming} onClose={() => setRenaming(null)} />}
      {adding && (
        <AddNodeDialog
          onClose={() => setAdding(null)}
          onPick={(item) =>
            store.getState().addFromPalette(item, { x: adding.x - 95, y: adding.y - 30 })
          }
        />
      )}
    </>
  );
  return { handlers, element };
}
