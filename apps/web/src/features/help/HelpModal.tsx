import { Modal } from '@mantine/core';
import type { CatalogEntry } from '../../trpc';
import { ComponentHelp } from './ComponentHelp';

/** A component's help in a dialog (opened from the palette's "?"). */
export function HelpModal({
  entry,
  onClose,
}: {
  entry: CatalogEntry | undefined;
  onClose: () => void;
}) {
  return (
    <Modal opened={entry !== undefined} onClose={onClose} title="Help" size="xl">
      {entry && <ComponentHelp entry={entry} />}
    </Modal>
  );
}
