import { Button, Group, Modal, Text } from '@mantine/core';
import { leave, stay, usePendingLeave } from '../leave-guard';

/** "Leave without saving?": shown while a route change waits on unsaved designer changes. */
export function LeaveGuardDialog() {
  const pending = usePendingLeave();
  return (
    <Modal
      opened={pending !== null}
      onClose={stay}
      title="Leave without saving?"
      centered
      data-testid="leave-guard"
    >
      <Text size="sm">This DAG has changes that are not saved. Leaving this page drops them.</Text>
      <Group justify="flex-end" mt="md">
        <Button variant="default" onClick={stay} data-autofocus>
          Stay
        </Button>
        <Button color="red" onClick={leave}>
          Leave
        </Button>
      </Group>
    </Modal>
  );
}
