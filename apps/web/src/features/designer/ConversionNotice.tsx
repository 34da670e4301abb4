import { Alert, ScrollArea, Table, Text } from '@mantine/core';
import { IconTransform } from '@tabler/icons-react';
import { useConversion } from './conversion-store';

/**
 * Under the header after importing a file in the original system's format: it was converted into
 * ours (a save stores ours, an export writes ours), and each warning with its place in the file.
 * Dismissable; the Problems panel lists the file's problems at their places in it.
 */
export function ConversionNotice() {
  const conversion = useConversion((s) => s.conversion);
  const dismissed = useConversion((s) => s.dismissed);
  if (!conversion || dismissed) return null;
  const { warnings, problems, name } = conversion;
  return (
    <Alert
      color="blue"
      variant="light"
      py={6}
      radius={0}
      icon={<IconTransform size={18} />}
      title="Converted from the original format"
      withCloseButton
      closeButtonLabel="Dismiss"
      onClose={() => useConversion.setState({ dismissed: true })}
      data-testid="conversion-notice"
    >
      <Text size="sm">
        {name} was written for the original system; it is now in our format, which Save stores and
        Export writes.
        {problems.length > 0 &&
          ` It has ${problems.length} problem(s), listed under Problems at their places in the file.`}
        {warnings.length === 0
          ? ' Nothing in it was left out.'
          : ` ${warnings.length} ${warnings.length === 1 ? 'thing' : 'things'} in it ${warnings.length === 1 ? 'has' : 'have'} no effect here:`}
      </Text>
      {warnings.length > 0 && (
        <ScrollArea.Autosize mah={120} mt={4} type="auto">
          <Table verticalSpacing={1} fz="xs" withRowBorders={false}>
            <Table.Tbody>
              {warnings.map((w, i) => (
                <Table.Tr key={`${i} ${w.path}`} data-testid="conversion-warning">
                  <Table.Td w={280} ff="monospace" style={{ verticalAlign: 'top' }}>
                    {w.path}
                  </Table.Td>
                  <Table.Td>{w.message}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollArea.Autosize>
      )}
    </Alert>
  );
}
