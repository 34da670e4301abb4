import { NumberInput, SegmentedControl, Select, Stack, Text } from '@mantine/core';
import { metronomeEmits, nodeReferences, type MetronomeEmits } from '@flow/shared';
import type { NodeSpec } from '../model';
import { useProblems } from '../problems-store';
import { useEditorStore } from '../store-context';
import { ComponentForm } from './ComponentForm';
import type { PanelProps } from './panel-props';

type MetronomeSpec = Extract<NodeSpec, { type: 'MetronomeNode' }>;

const EMITS_LABEL: Record<MetronomeEmits, string> = {
  tick: 'tick (ours)',
  metronome_tick: 'metronome_tick (original)',
};

const EMITS_HELP: Record<MetronomeEmits, string> = {
  tick: 'Each tick emits {"tick": n, "time": ISO-8601}, n from 1.',
  metronome_tick:
    'Each tick emits {"metronome_tick": n}, n from 0, ticking once as it starts (the original system).',
};

/** A MetronomeNode's interval, what its ticks emit and the subscriber each tick reads. */
export function MetronomeFields({
  spec,
  set,
  catalog,
  readOnly,
}: PanelProps & { spec: MetronomeSpec; set: (next: NodeSpec) => void }) {
  const subscribers = useEditorStore((s) => s.doc.subscribers);
  const addSubscriber = useEditorStore((s) => s.addMetronomeSubscriber);
  // The subscribers other nodes read: each reader gets its own, sharing a queue's messages.
  const readElsewhere = useEditorStore((s) =>
    s.nodes
      .filter((n) => n.id !== spec.name)
      .flatMap((n) => nodeReferences(n.data.spec))
      .filter((r) => r.kind === 'subscriber')
      .map((r) => r.name)
      .sort()
      .join('\n'),
  );
  const problems = useProblems((s) => s.byNode[spec.name]);
  /** The node's problems about one key of its config. */
  const at = (key: string) =>
    (problems ?? [])
      .filter(
        (p) => p.segments[0] === 'nodes' && p.segments[2] === 'config' && p.segments[3] === key,
      )
      .map((p) => p.message)
      .join('; ') || undefined;
  const emits = spec.config.emits ?? 'tick';
  const subscriber = spec.config.subscriber;
  const names = subscribers.map((s) => s.name);
  const elsewhere = new Set(readElsewhere.split('\n'));
  const free = names.filter((n) => !elsewhere.has(n));
  const taken = names.filter((n) => elsewhere.has(n));
  const options = [
    ...(subscriber !== undefined && !names.includes(subscriber) ? [subscriber] : []),
    ...free,
    ...(taken.length ? [{ group: 'also read by another node', items: taken }] : []),
  ];
  const templates = (catalog ?? []).filter((e) => e.kind === 'subscriber');
  const config = (patch: Partial<MetronomeSpec['config']>) => {
    // A key set to undefined is left out (the default applies), not written as undefined.
    const next = Object.fromEntries(
      Object.entries({ ...spec.config, ...patch }).filter(([, v]) => v !== undefined),
    );
    set({ ...spec, config: next as MetronomeSpec['config'] });
  };
  return (
    <Stack gap="sm">
      <NumberInput
        size="xs"
        label="interval (ms)"
        min={1}
        allowDecimal={false}
        readOnly={readOnly}
        value={spec.config.interval_ms}
        error={at('interval_ms')}
        onChange={(v) => typeof v === 'number' && config({ interval_ms: v })}
      />
      <div data-testid="metronome-emits">
        <Text size="xs" fw={500} mb={4}>
          emits
        </Text>
        <SegmentedControl
          size="xs"
          fullWidth
          readOnly={readOnly}
          aria-label="emits"
          data={metronomeEmits.map((value) => ({ value, label: EMITS_LABEL[value] }))}
          value={emits}
          onChange={(v) => config({ emits: v === 'tick' ? undefined : (v as MetronomeEmits) })}
        />
        <Text size="xs" c="dimmed" mt={4}>
          {EMITS_HELP[emits]}
        </Text>
        {at('emits') && (
          <Text size="xs" c="red">
            {at('emits')}
          </Text>
        )}
      </div>
      <Select
        size="xs"
        label="subscriber"
        description="Each tick takes this subscriber's next message and emits it with the tick's keys; none: ticks alone."
        placeholder={names.length ? 'none' : 'none (add a subscriber from the palette)'}
        clearable
        readOnly={readOnly}
        data={options}
        value={subscriber ?? null}
        error={at('subscriber')}
        onChange={(v) => config({ subscriber: v ?? undefined })}
      />
      {subscriber === undefined && !readOnly && templates.length > 0 && (
        <Select
          size="xs"
          label="new subscriber"
          description="Adds a subscriber of this type to the DAG, read by this node alone."
          placeholder="pick a type"
          value={null}
          data={templates.map((e) => ({
            value: e.type,
            label: e.type.includes('://') || e.type === 'metronome' ? e.type : `${e.type}://`,
          }))}
          onChange={(type) => {
            const entry = templates.find((e) => e.type === type);
            if (entry)
              addSubscriber(spec.name, {
                type: entry.type,
                defaults: (entry.defaults ?? {}) as Record<string, unknown>,
                ...(entry.address === undefined ? {} : { address: entry.address }),
              });
          }}
        />
      )}
      {subscriber !== undefined && names.includes(subscriber) && (
        <ComponentForm
          section="subscribers"
          name={subscriber}
          catalog={catalog}
          readOnly={readOnly}
        />
      )}
    </Stack>
  );
}
