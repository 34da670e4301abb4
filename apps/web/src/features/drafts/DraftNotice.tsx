import { Alert, Button, Text, Tooltip } from '@mantine/core';
import { IconPlayerPlay, IconPencilExclamation } from '@tabler/icons-react';
import type { DraftSummary } from '@flow/shared';
import { draftBlockReason, draftNotice, useDraftState } from './draft-store';

/** Under the designer's header while it holds a draft: who saved it, when, and what it lacks. */
export function DraftNotice() {
  const draft = useDraftState((s) => s.draft);
  if (!draft) return null;
  return (
    <Alert
      color="yellow"
      variant="light"
      py={6}
      radius={0}
      icon={<IconPencilExclamation size={18} />}
      data-testid="draft-notice"
    >
      <Text size="sm">
        {draftNotice(draft)} It cannot be started or deployed until it is saved without problems.
      </Text>
    </Alert>
  );
}

/** In place of Start while the designer holds a draft: disabled, saying why. */
export function DraftBlockedStart({ draft }: { draft: DraftSummary }) {
  return (
    <Tooltip label={draftBlockReason(draft)} multiline w={320}>
      <Button
        color="green"
        leftSection={<IconPlayerPlay size={14} />}
        data-disabled
        aria-disabled
        data-testid="start-blocked"
        onClick={(e) => e.preventDefault()}
      >
        Start
      </Button>
    </Tooltip>
  );
}
