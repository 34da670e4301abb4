import { Badge, Tooltip } from '@mantine/core';
import { typeLabel } from './type-label';

/** A type as a user reads it (`Addition`), the type itself (`AdditionCalculator`) in its tooltip. */
export function TypeBadge({ type, testId }: { type: string; testId?: string }) {
  return (
    <Tooltip label={type} openDelay={300}>
      <Badge size="xs" variant="light" tt="none" data-testid={testId} data-type={type}>
        {type ? typeLabel(type) : 'unknown'}
      </Badge>
    </Tooltip>
  );
}
