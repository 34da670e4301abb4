import {
  Button,
  Divider,
  Group,
  SegmentedControl,
  Select,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useProblems } from '../problems-store';
import { useEditorStore } from '../store-context';
import { fieldErrors } from './field-errors';
import { NameInput } from './NameInput';
import type { PanelProps } from './panel-props';
import { ScheduleSection } from './ScheduleSection';
import { TIME_ZONES } from './time-zones';

/** The DAG's own settings (name, window, time zone, propagation, schedule) and its transformers. */
export function SettingsPanel({ catalog, readOnly }: PanelProps) {
  const doc = useEditorStore((s) => s.doc);
  const updateDoc = useEditorStore((s) => s.updateDoc);
  const focusTransformer = useEditorStore((s) => s.focusTransformer);
  const problems = useProblems((s) => s.problems);
  const errors = fieldErrors(problems, []);
  return (
    <Stack gap="sm">
      <Title order={5}>DAG settings</Title>
      <NameInput
        label="name"
        value={doc.name}
        readOnly={readOnly}
        onCommit={(name) => updateDoc({ name })}
        place={{ segments: ['name'], owner: 'the DAG' }}
      />
      <Textarea
        size="xs"
        label="description"
        autosize
        minRows={2}
        readOnly={readOnly}
        value={doc.description ?? ''}
        onChange={(e) => updateDoc({ description: e.currentTarget.value || undefined })}
      />
      <Group grow>
        <TextInput
          size="xs"
          label="start (HHMM)"
          placeholder="always"
          readOnly={readOnly}
          value={doc.start_time ?? ''}
          error={errors.start_time}
          onChange={(e) => updateDoc({ start_time: e.currentTarget.value || undefined })}
        />
        <TextInput
          size="xs"
          label="end (HHMM)"
          placeholder="always"
          readOnly={readOnly}
          value={doc.end_time ?? ''}
          error={errors.end_time}
          onChange={(e) => updateDoc({ end_time: e.currentTarget.value || undefined })}
        />
      </Group>
      <Select
        size="xs"
        label="time zone"
        searchable
        readOnly={readOnly}
        data={TIME_ZONES}
        value={doc.timezone ?? 'UTC'}
        description={
          doc.timezone === undefined && doc.schedule?.timezone
            ? `Not set: the window is read in the schedule's zone (${doc.schedule.timezone}).`
            : undefined
        }
        error={errors.timezone}
        onChange={(v) => updateDoc({ timezone: v ?? 'UTC' })}
      />
      <div>
        <Text size="xs" fw={500} mb={4}>
          propagate
        </Text>
        <SegmentedControl
          size="xs"
          fullWidth
          readOnly={readOnly}
          data={[
            { value: 'every', label: 'every message' },
            { value: 'changes', label: 'changes only' },
          ]}
          value={doc.propagate ?? 'every'}
          onChange={(v) => updateDoc({ propagate: v as 'every' | 'changes' })}
        />
      </div>
      <ScheduleSection readOnly={readOnly} />
      <Divider label="transformers" labelPosition="left" />
      {doc.transformers.length === 0 && (
        <Text size="xs" c="dimmed">
          Drag a transformer from the palette; then pick it on an edge or a node.
        </Text>
      )}
      {doc.transformers.map((t) => (
        <Button
          key={t.name}
          variant="light"
          justify="space-between"
          onClick={() => focusTransformer(t.name)}
        >
          {t.name} · {t.type}
        </Button>
      ))}
      {catalog === undefined && <Text size="xs">Loading the catalog…</Text>}
    </Stack>
  );
}
