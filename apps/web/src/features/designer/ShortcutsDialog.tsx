import { Kbd, Modal, Table } from '@mantine/core';
import { shortcuts } from './use-designer-keys';

/** The designer's keyboard shortcuts, listed (the toolbar's keyboard button, or `?`). */
export function ShortcutsDialog({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  return (
    <Modal opened={opened} onClose={onClose} title="Keyboard shortcuts">
      <Table>
        <Table.Tbody>
          {shortcuts.map(([k, what]) => (
            <Table.Tr key={k}>
              <Table.Td>
                <Kbd size="xs">{k}</Kbd>
              </Table.Td>
              <Table.Td>{what}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Modal>
  );
}
