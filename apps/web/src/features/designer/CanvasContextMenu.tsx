import { Menu } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { XYPosition } from '@xyflow/react';
import type { ReactElement } from 'react';
import {
  addComment,
  disconnect,
  duplicateSelection,
  groupSelection,
  selectionWith,
} from './canvas-actions';
import { autoLayout } from './layout';
import { useEditorStoreApi } from './store-context';
import { useFitDag } from './use-fit-dag';

/** Where the context menu was opened: on a node, an edge or the pane, at a point. */
export interface MenuAt {
  on: 'node' | 'edge' | 'pane';
  /** The node's name or the edge's id. */
  id?: string;
  /** The pointer, in the page and on the canvas. */
  client: XYPosition;
  flow: XYPosition;
}

interface Props {
  at: MenuAt;
  editable: boolean;
  onClose: () => void;
  onFind: () => void;
  onRename: (name: string) => void;
  onAddNode: (at: XYPosition) => void;
}

/** The canvas's right-click menu, at the pointer; a read-only canvas shows only what reads. */
export function CanvasContextMenu({ at, editable, onClose, onFind, onRename, onAddNode }: Props) {
  const store = useEditorStoreApi();
  const fit = useFitDag();
  const s = store.getState();
  const copied = (n: number) =>
    n && notifications.show({ message: `Copied ${n} node(s)`, autoClose: 1500 });

  const item = (label: string, action: () => void, extra: { color?: string } = {}) => (
    <Menu.Item
      key={label}
      {...extra}
      onClick={() => {
        onClose();
        action();
      }}
    >
      {label}
    </Menu.Item>
  );

  let items: (ReactElement | null)[] = [];
  if (at.on === 'node' && at.id) {
    const name = at.id;
    items = [
      item('Open properties', () => s.selectOnly(name)),
      editable ? item('Rename…', () => onRename(name)) : null,
      editable
        ? item('Duplicate', () => {
            selectionWith(store, name);
            duplicateSelection(store);
          })
        : null,
      item('Copy', () => {
        selectionWith(store, name);
        copied(store.getState().copySelection());
      }),
      editable ? item('Disconnect', () => disconnect(store, name)) : null,
      editable
        ? item('Add comment', () => addComment(store, { x: at.flow.x + 40, y: at.flow.y - 110 }))
        : null,
      editable
        ? item('Group selection', () => {
            selectionWith(store, name);
            groupSelection(store);
          })
        : null,
      item('Find…', onFind),
      editable ? <Menu.Divider key="div" /> : null,
      editable
        ? item(
            'Delete',
            () => {
              selectionWith(store, name);
              store.getState().deleteSelection();
            },
            { color: 'red' },
          )
        : null,
    ];
  } else if (at.on === 'edge' && at.id) {
    const id = at.id;
    const selectEdge = () =>
      store.setState((st) => ({
        nodes: st.nodes.map((n) => (n.selected ? { ...n, selected: false } : n)),
        edges: st.edges.map((e) =>
          e.selected === (e.id === id) ? e : { ...e, selected: e.id === id },
        ),
        transformerFocus: null,
      }));
    items = editable
      ? [
          item('Set transformer…', selectEdge),
          item(
            'Delete',
            () => {
              selectEdge();
              store.getState().deleteSelection();
            },
            { color: 'red' },
          ),
        ]
      : [item('Open properties', selectEdge)];
  } else {
    items = [
      editable ? item('Paste here', () => store.getState().paste(at.flow)) : null,
      editable ? item('Add node…', () => onAddNode(at.flow)) : null,
      editable ? item('Add comment', () => addComment(store, at.flow)) : null,
      item('Select all', () => store.getState().selectAll()),
      item('Find…', onFind),
      editable
        ? item('Auto-layout', () => {
            const { nodes, edges, setPositions } = store.getState();
            void autoLayout(nodes, edges).then((positions) => {
              setPositions(positions);
              requestAnimationFrame(() => fit({ animate: true, whole: true }));
            });
          })
        : null,
      item('Fit view', () => fit({ animate: true, whole: true })),
    ];
  }

  return (
    <Menu
      opened
      onChange={(open) => !open && onClose()}
      position="bottom-start"
      shadow="md"
      offset={2}
    >
      <Menu.Target>
        <div
          style={{ position: 'fixed', left: at.client.x, top: at.client.y, width: 1, height: 1 }}
        />
      </Menu.Target>
      <Menu.Dropdown data-testid="canvas-menu">{items.filter((x) => x !== null)}</Menu.Dropdown>
    </Menu>
  );
}
