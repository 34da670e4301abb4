import { Badge, Tooltip } from '@mantine/core';
import { typeLabel } from './type-label';

/**
 * A type as a user reads it (`Addition`), the type itself (`AdditionCalculator`) in its tooltip,
 * or `tooltip` when given.
 */
export function TypeBadge({
  type,
  tooltip,
  testId,
}: {
  type: string;
  tooltip?: string | undefined;
  testId?: string;
}) {
  return (
    <Tooltip label={tooltip ?? type} openDelay={300}>
      <Badge size="xs" variant="light" tt="none" data-testid={testId} data-type={type}>
        {type ? typeLabel(type) : 'unknown'}
      </Badge>
    </Tooltip>
  );
}
