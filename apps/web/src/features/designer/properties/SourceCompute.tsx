import { Divider, MultiSelect } from '@mantine/core';
import { useEditorStore } from '../store-context';
import { ComponentForm } from './ComponentForm';
import type { PanelProps } from './panel-props';

/** Picks the DAG's publishers a node publishes to. */
export function PublisherPicker({
  value,
  onChange,
  readOnly,
}: {
  value: string[];
  onChange: (v: string[]) => void;
  readOnly: boolean;
}) {
  const publishers = useEditorStore((s) => s.doc.publishers);
  return (
    <MultiSelect
      size="xs"
      label="publishers"
      placeholder={publishers.length ? 'pick publishers' : 'add a publisher from the palette'}
      data={publishers.map((p) => p.name)}
      value={value}
      readOnly={readOnly}
      onChange={onChange}
    />
  );
}

/** The forms of the publishers a node publishes to, one under the other. */
export function PublisherForms({
  publishers,
  catalog,
  readOnly,
}: PanelProps & { publishers: readonly string[] }) {
  return publishers.map((p) => (
    <ComponentForm key={p} section="publishers" name={p} catalog={catalog} readOnly={readOnly} />
  ));
}

/**
 * The calculator and publishers of a source node that computes, then publishes (a form of the
 * original system's files): their forms, as a CalculationNode and a PublicationNode show them.
 */
export function SourceCompute({
  calculator,
  publishers,
  catalog,
  readOnly,
}: PanelProps & {
  calculator: string | undefined;
  publishers: readonly string[];
}) {
  if (calculator === undefined && publishers.length === 0) return null;
  return (
    <>
      <Divider label="computes, then publishes" labelPosition="left" />
      {calculator !== undefined && (
        <ComponentForm
          section="calculators"
          name={calculator}
          catalog={catalog}
          readOnly={readOnly}
        />
      )}
      <PublisherForms publishers={publishers} catalog={catalog} readOnly={readOnly} />
    </>
  );
}
