import { TextInput } from '@mantine/core';
import { isName, MAX_NAME_LENGTH, problemAt, type PathSegments } from '@flow/shared';
import { useEffect, useState } from 'react';
import { setFieldProblem } from '../problems-store';

/** Where a name field's value goes in the DAG config, and the canvas node it names or serves. */
export interface NamePlace {
  segments: PathSegments;
  /** Said in the problem: `node "calc"`, `calculator "add"`. */
  owner: string;
  node?: string | undefined;
}

/**
 * A name field that commits on blur or Enter, and refuses what is not a name. While it holds a
 * name the DAG would refuse, that problem is in Problems (at `place`) and on the node too.
 */
export function NameInput({
  label,
  value,
  onCommit,
  readOnly,
  taken,
  place,
}: {
  label: string;
  value: string;
  onCommit: (name: string) => void;
  readOnly: boolean;
  taken?: (name: string) => boolean;
  place?: NamePlace;
}) {
  const [draft, setDraft] = useState(value);
  useEffect(() => setDraft(value), [value]);
  const invalid = !isName(draft);
  const duplicate = !invalid && draft !== value && taken?.(draft) === true;
  const error = invalid
    ? `letters, digits and underscores (at most ${MAX_NAME_LENGTH}), with at least one letter`
    : duplicate
      ? `"${draft}" is already used`
      : undefined;
  const key = place ? JSON.stringify(place.segments) : undefined;
  const owner = place?.owner;
  const node = place?.node;
  useEffect(() => {
    if (key === undefined || owner === undefined) return;
    const segments = JSON.parse(key) as (string | number)[];
    const problem = invalid
      ? problemAt(
          segments,
          'invalid_name',
          `${owner}: "${draft}" is not a name: use letters, digits and underscores (at most ${MAX_NAME_LENGTH}), with at least one letter`,
        )
      : duplicate
        ? problemAt(segments, 'duplicate_name', `${owner}: the name "${draft}" is already used`)
        : undefined;
    setFieldProblem(key, problem && { problem, node });
    return () => setFieldProblem(key, undefined);
  }, [key, owner, node, invalid, duplicate, draft]);
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
