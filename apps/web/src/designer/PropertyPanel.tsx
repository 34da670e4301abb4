import {
  Alert,
  Badge,
  Button,
  Divider,
  Group,
  MultiSelect,
  NumberInput,
  ScrollArea,
  SegmentedControl,
  Select,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { isName, MAX_NAME_LENGTH, uriScheme, type Problem } from '@flow/shared';
import { useEffect, useMemo, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { CatalogEntry } from '../trpc';
import { useRole } from '../auth';
import { findEntry } from './catalog';
import { connectionLayout, NamedConnection } from './ConnectionField';
import { docIndex } from './doc-index';
import type { ComponentSection, DagDoc, NodeSpec } from './model';
import { useProblems } from './problems-store';
import { SchemaForm } from './SchemaForm';
import { useEditorStore, useEditorStoreApi } from './store-context';
import { dict } from '../dict';

interface PanelProps {
  catalog: readonly CatalogEntry[] | undefined;
  readOnly: boolean;
}

/** Problems under `prefix` (a component's config path), by the property they are about. */
function fieldErrors(problems: readonly Problem[], prefix: string): Record<string, string> {
  const out = dict<string>();
  for (const p of problems) {
    if (!p.path.startsWith(prefix)) continue;
    const rest = p.path.slice(prefix.length);
    const key = /^\.?([A-Za-z_][A-Za-z0-9_]*)/.exec(rest)?.[1] ?? '';
    out[key] = out[key] ? `${out[key]}; ${p.message}` : p.message;
  }
  return out;
}

/** A name field that commits on blur or Enter, and refuses what is not a name. */
function NameInput({
  label,
  value,
  onCommit,
  readOnly,
  taken,
}: {
  label: string;
  value: string;
  onCommit: (name: string) => void;
  readOnly: boolean;
  taken?: (name: string) => boolean;
}) {
  const [draft, setDraft] = useState(value);
  useEffect(() => setDraft(value), [value]);
  const error = !isName(draft)
    ? `letters, digits and underscores (at most ${MAX_NAME_LENGTH}), with at least one letter`
    : draft !== value && taken?.(draft)
      ? `"${draft}" is already used`
      : undefined;
  const commit = () => {
    if (!error && draft !== value) onCommit(draft);
  };
  return (
    <TextInput
      size="xs"
      label={label}
      value={draft}
      readOnly={readOnly}
      error={error}
      onChange={(e) => setDraft(e.currentTarget.value)}
      onBlur={commit}
      onKeyDown={(e) => e.key === 'Enter' && commit()}
    />
  );
}

function ComponentForm({
  section,
  name,
  catalog,
  readOnly,
}: {
  section: ComponentSection;
  name: string;
  catalog: readonly CatalogEntry[] | undefined;
  readOnly: boolean;
}) {
  const doc = useEditorStore((s) => s.doc);
  const updateComponent = useEditorStore((s) => s.updateComponent);
  const problems = useProblems((s) => s.problems);
  const isAdmin = useRole() === 'admin';
  const list = doc[section] as { name: string; type?: string; config?: Record<string, unknown> }[];
  const index = list.findIndex((c) => c.name === name);
  const spec = list[index];
  if (!spec)
    return (
      <Alert color="red">
        No {section.slice(0, -1)} named “{name}”.
      </Alert>
    );
  const config = spec.config ?? {};
  const address =
    section === 'subscribers' ? 'source' : section === 'publishers' ? 'destination' : undefined;
  const kind = section.slice(0, -1) as CatalogEntry['kind'];
  const type = address
    ? uriScheme(String(config[address] ?? '')) === 'custom'
      ? String(config[address])
      : uriScheme(String(config[address] ?? ''))
    : (spec.type ?? '');
  const entry = findEntry(catalog, kind, type);
  const errors = fieldErrors(problems, `$.${section}[${index}].config`);
  const connection = connectionLayout(address && type, entry?.schema, isAdmin);
  const update = (next: Partial<typeof spec>) =>
    updateComponent(section, name, { ...spec, ...next } as DagDoc[typeof section][number]);
  return (
    <Stack gap="xs">
      <Group justify="space-between">
        <Text size="xs" fw={600} tt="uppercase" c="dimmed">
          {kind}
        </Text>
        <Badge size="xs" variant="light">
          {type || 'unknown'}
        </Badge>
      </Group>
      {entry?.description && (
        <Text size="xs" c="dimmed">
          {entry.description}
        </Text>
      )}
      <NameInput
        label={`${kind} name`}
        value={spec.name}
        readOnly={readOnly}
        taken={(n) => list.some((c) => c.name === n)}
        onCommit={(n) => update({ name: n })}
      />
      {address && (
        <TextInput
          size="xs"
          label={address}
          value={String(config[address] ?? '')}
          readOnly={readOnly}
          error={errors[address]}
          onChange={(e) => update({ config: { ...config, [address]: e.currentTarget.value } })}
          data-field={address}
        />
      )}
      {connection.kind && (
        <NamedConnection
          kind={connection.kind}
          config={config}
          readOnly={readOnly}
          error={errors.connection}
          onChange={(next) => update({ config: next })}
        />
      )}
      {entry ? (
        <SchemaForm
          schema={entry.schema}
          value={config}
          readOnly={readOnly}
          omit={[...(address ? [address] : []), ...connection.omit]}
          errors={errors}
          onChange={(next) => update({ config: next })}
        />
      ) : (
        <Alert color="yellow">
          The server knows no {kind} type “{type}”.
        </Alert>
      )}
    </Stack>
  );
}

function TransformerPicker({
  label,
  value,
  onChange,
  readOnly,
}: {
  label: string;
  value: string[];
  onChange: (v: string[]) => void;
  readOnly: boolean;
}) {
  const transformers = useEditorStore((s) => s.doc.transformers);
  return (
    <MultiSelect
      size="xs"
      label={label}
      placeholder={transformers.length ? 'pick transformers' : 'add a transformer from the palette'}
      data={transformers.map((t) => t.name)}
      value={value}
      readOnly={readOnly}
      onChange={onChange}
    />
  );
}

function NodePanel({ id, catalog, readOnly }: PanelProps & { id: string }) {
  const spec = useEditorStore((s) => s.nodes.find((n) => n.id === id)?.data.spec);
  const { updateNode, renameNode, nodes } = useEditorStoreApi().getState();
  const problems = useProblems((s) => (spec ? s.byNode[spec.name] : undefined));
  if (!spec) return null;
  const set = (next: NodeSpec) => updateNode(spec.name, next);
  return (
    <Stack gap="sm">
      <Title order={5}>{spec.type.replace('Node', ' node')}</Title>
      <NameInput
        label="node name"
        value={spec.name}
        readOnly={readOnly}
        taken={(n) => nodes.some((x) => x.id === n)}
        onCommit={(n) => renameNode(spec.name, n)}
      />
      <Textarea
        size="xs"
        label="description"
        autosize
        minRows={1}
        readOnly={readOnly}
        value={spec.description ?? ''}
        onChange={(e) => set({ ...spec, description: e.currentTarget.value || undefined })}
      />
      {problems?.length ? (
        <Alert color="red" p="xs" title={`${problems.length} problem(s)`}>
          {problems.map((p, i) => (
            <Text size="xs" key={i}>
              {p.message}
            </Text>
          ))}
        </Alert>
      ) : null}
      <Divider />
      {spec.type === 'SubscriptionNode' && (
        <ComponentForm
          section="subscribers"
          name={spec.config.subscriber}
          catalog={catalog}
          readOnly={readOnly}
        />
      )}
      {spec.type === 'CalculationNode' && (
        <>
          {spec.config.calculator ? (
            <ComponentForm
              section="calculators"
              name={spec.config.calculator}
              catalog={catalog}
              readOnly={readOnly}
            />
          ) : (
            <Text size="xs" c="dimmed">
              No calculator: the node passes on the merge of its parents.
            </Text>
          )}
          <Divider />
          <TransformerPicker
            label="input transformers"
            readOnly={readOnly}
            value={spec.config.input_transformers ?? []}
            onChange={(v) => set({ ...spec, config: { ...spec.config, input_transformers: v } })}
          />
          <TransformerPicker
            label="output transformers"
            readOnly={readOnly}
            value={spec.config.output_transformers ?? []}
            onChange={(v) => set({ ...spec, config: { ...spec.config, output_transformers: v } })}
          />
        </>
      )}
      {spec.type === 'PublicationNode' && (
        <>
          {spec.config.publishers.map((p) => (
            <ComponentForm
              key={p}
              section="publishers"
              name={p}
              catalog={catalog}
              readOnly={readOnly}
            />
          ))}
          <Divider />
          <TransformerPicker
            label="input transformers"
            readOnly={readOnly}
            value={spec.config.input_transformers ?? []}
            onChange={(v) => set({ ...spec, config: { ...spec.config, input_transformers: v } })}
          />
        </>
      )}
      {spec.type === 'MetronomeNode' && (
        <NumberInput
          size="xs"
          label="interval (ms)"
          min={1}
          allowDecimal={false}
          readOnly={readOnly}
          value={spec.config.interval_ms}
          onChange={(v) => typeof v === 'number' && set({ ...spec, config: { interval_ms: v } })}
        />
      )}
    </Stack>
  );
}

function EdgePanel({ id, readOnly }: { id: string; readOnly: boolean }) {
  const transformers = useEditorStore((s) => s.doc.transformers);
  const setEdgeTransformer = useEditorStore((s) => s.setEdgeTransformer);
  const spec = useEditorStore((s) => s.edges.find((e) => e.id === id)?.data?.spec);
  if (!spec) return null;
  return (
    <Stack gap="sm">
      <Title order={5}>Edge</Title>
      <Text size="sm">
        <b>{spec.from}</b> → <b>{spec.to}</b>
      </Text>
      <Select
        size="xs"
        label="transformer"
        description="applied to what flows along this edge"
        placeholder={transformers.length ? 'none' : 'add a transformer from the palette first'}
        clearable
        readOnly={readOnly}
        data={transformers.map((t) => ({ value: t.name, label: `${t.name} (${t.type})` }))}
        value={spec.transformer ?? null}
        onChange={(v) => setEdgeTransformer(id, v ?? undefined)}
      />
    </Stack>
  );
}

const timeZones = (() => {
  try {
    return Intl.supportedValuesOf('timeZone');
  } catch {
    return ['UTC'];
  }
})();

function SettingsPanel({ catalog, readOnly }: PanelProps) {
  const doc = useEditorStore((s) => s.doc);
  const updateDoc = useEditorStore((s) => s.updateDoc);
  const focusTransformer = useEditorStore((s) => s.focusTransformer);
  const problems = useProblems((s) => s.problems);
  const errors = fieldErrors(problems, '$');
  const zones = useMemo(() => (timeZones.includes('UTC') ? timeZones : ['UTC', ...timeZones]), []);
  return (
    <Stack gap="sm">
      <Title order={5}>DAG settings</Title>
      <NameInput
        label="name"
        value={doc.name}
        readOnly={readOnly}
        onCommit={(name) => updateDoc({ name })}
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
        data={zones}
        value={doc.timezone ?? 'UTC'}
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

function TransformerPanel({ name, catalog, readOnly }: PanelProps & { name: string }) {
  const focusTransformer = useEditorStore((s) => s.focusTransformer);
  const used = useEditorStore((s) => docIndex(s.doc).transformers.has(name));
  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Title order={5}>Transformer</Title>
        <Button variant="subtle" onClick={() => focusTransformer(null)}>
          back to settings
        </Button>
      </Group>
      {used && (
        <ComponentForm section="transformers" name={name} catalog={catalog} readOnly={readOnly} />
      )}
    </Stack>
  );
}

/** The right-hand panel: the selected node, edge or transformer; else the DAG's settings. */
export function PropertyPanel(props: PanelProps) {
  const selectedNodes = useEditorStore(
    useShallow((s) => s.nodes.filter((n) => n.selected).map((n) => n.id)),
  );
  const selectedEdges = useEditorStore(
    useShallow((s) => s.edges.filter((e) => e.selected).map((e) => e.id)),
  );
  const transformerFocus = useEditorStore((s) => s.transformerFocus);
  let body;
  if (transformerFocus) body = <TransformerPanel name={transformerFocus} {...props} />;
  else if (selectedNodes.length === 1 && selectedEdges.length === 0)
    body = <NodePanel key={selectedNodes[0]} id={selectedNodes[0]!} {...props} />;
  else if (selectedEdges.length === 1 && selectedNodes.length === 0)
    body = <EdgePanel id={selectedEdges[0]!} readOnly={props.readOnly} />;
  else if (selectedNodes.length + selectedEdges.length > 1)
    body = (
      <Text size="sm" c="dimmed">
        {selectedNodes.length} nodes and {selectedEdges.length} edges selected. Copy (Ctrl+C),
        delete (Del) or drag them together.
      </Text>
    );
  else body = <SettingsPanel {...props} />;
  return (
    <ScrollArea h="100%" p="sm" data-testid="property-panel">
      {body}
    </ScrollArea>
  );
}
