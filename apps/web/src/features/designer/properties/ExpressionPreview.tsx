import { Badge, Code, Group, SegmentedControl, Stack, Text, Textarea } from '@mantine/core';
import { useEffect, useState } from 'react';
import { ageText, parseSample, previewExpression, type PreviewOutcome } from './expression-preview';
import { useNodeInput } from './use-node-input';

/** How long typing pauses before the preview evaluates. */
export const PREVIEW_DEBOUNCE_MS = 150;

function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

function useNow(everyMs: number): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}

function Verdict({ outcome }: { outcome: Exclude<PreviewOutcome, { kind: 'error' }> }) {
  if (outcome.kind === 'passes')
    return (
      <Badge color="green" variant="light" data-testid="preview-result">
        passes
      </Badge>
    );
  if (outcome.kind === 'filtered')
    return (
      <Badge color="gray" variant="light" data-testid="preview-result">
        filtered
      </Badge>
    );
  return (
    <Code block data-testid="preview-result" style={{ whiteSpace: 'pre-wrap' }}>
      {outcome.text}
    </Code>
  );
}

function Outcome({ outcome, text }: { outcome: PreviewOutcome; text: string }) {
  if (outcome.kind !== 'error') return <Verdict outcome={outcome} />;
  const at = outcome.position;
  return (
    <Stack gap={2} data-testid="preview-error">
      <Text size="xs" c="red">
        error: {outcome.message}
        {at > 0 && !outcome.message.includes('position') ? ` (at position ${at})` : ''}
      </Text>
      {at > 0 && at <= text.length + 1 && (
        <Code block style={{ whiteSpace: 'pre', overflowX: 'auto' }}>
          {text}
          {'\n'}
          {' '.repeat(Math.max(0, at - 1))}^
        </Code>
      )}
    </Stack>
  );
}

/**
 * Under an `expression` or `condition` field: the expression evaluated as one types (debounced)
 * on the node's last live input while the DAG runs, or on a sample the analyst pastes.
 */
export function ExpressionPreview({
  text,
  field,
  dag,
  node,
}: {
  text: string;
  field: 'expression' | 'condition';
  dag: string | undefined;
  node: string | undefined;
}) {
  const live = useNodeInput(dag, node);
  const [source, setSource] = useState<'live' | 'sample'>('live');
  const [sample, setSample] = useState('');
  const debouncedText = useDebounced(text, PREVIEW_DEBOUNCE_MS);
  const debouncedSample = useDebounced(sample, PREVIEW_DEBOUNCE_MS);
  const now = useNow(1000);
  const useLiveInput = live !== undefined && source === 'live';
  const parsed = useLiveInput ? { value: live.value } : parseSample(debouncedSample);
  let body;
  if (debouncedText.trim() === '')
    body = (
      <Text size="xs" c="dimmed">
        Type an expression to preview it.
      </Text>
    );
  else if ('error' in parsed)
    body = (
      <Text size="xs" c="dimmed">
        {parsed.error}
      </Text>
    );
  else
    body = (
      <Outcome
        outcome={previewExpression(debouncedText, parsed.value, field)}
        text={debouncedText}
      />
    );
  return (
    <Stack gap={4} data-testid="expression-preview">
      <Group justify="space-between" gap={4}>
        <Text size="xs" fw={500}>
          preview
        </Text>
        {live !== undefined && (
          <SegmentedControl
            size="xs"
            value={source}
            onChange={(v) => setSource(v as 'live' | 'sample')}
            data={[
              { value: 'live', label: 'last input' },
              { value: 'sample', label: 'sample' },
            ]}
          />
        )}
      </Group>
      <Text size="xs" c="dimmed" data-testid="preview-source">
        {useLiveInput ? `last input of ${node}, ${ageText(live.at, now)}` : 'sample'}
      </Text>
      {!useLiveInput && (
        <Textarea
          size="xs"
          autosize
          minRows={2}
          maxRows={8}
          placeholder='a sample message, e.g. {"price": 2, "quantity": 3}'
          aria-label="sample message"
          value={sample}
          onChange={(e) => setSample(e.currentTarget.value)}
          styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
        />
      )}
      {useLiveInput && (
        <Code block style={{ maxHeight: 80, overflow: 'auto' }} data-testid="preview-input">
          {JSON.stringify(live.value).slice(0, 300)}
        </Code>
      )}
      {body}
    </Stack>
  );
}
