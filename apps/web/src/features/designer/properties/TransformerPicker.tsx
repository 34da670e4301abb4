import { MultiSelect } from '@mantine/core';
import { useEditorStore } from '../store-context';

/** A choice of the DAG's transformers, in order (a node's input or output transformers). */
export function TransformerPicker({
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
