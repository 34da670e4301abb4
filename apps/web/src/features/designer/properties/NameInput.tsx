import { TextInput } from '@mantine/core';
import { isName, MAX_NAME_LENGTH } from '@flow/shared';
import { useEffect, useState } from 'react';

/** A name field that commits on blur or Enter, and refuses what is not a name. */
export function NameInput({
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
