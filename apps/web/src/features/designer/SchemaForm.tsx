import {
  ActionIcon,
  Group,
  JsonInput,
  NumberInput,
  Select,
  Stack,
  Switch,
  TagsInput,
  Text,
  TextInput,
} from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { Fragment, type ReactNode } from 'react';

/** The part of JSON Schema that zod's `toJSONSchema` writes for component configs. */
export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  additionalProperties?: boolean | JsonSchema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  default?: unknown;
  description?: string;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  minItems?: number;
}

type Config = Record<string, unknown>;

interface FormProps {
  schema: JsonSchema;
  value: Config;
  onChange: (value: Config) => void;
  /** Problems by property name, shown under each field. */
  errors: Readonly<Record<string, string>>;
  readOnly?: boolean;
  /** Properties drawn elsewhere (for example a subscriber's source). */
  omit?: readonly string[];
  /** Drawn under a field, by property name (an expression's preview). */
  below?: Readonly<Record<string, ReactNode>>;
}

const label = (key: string) => key.replace(/_/g, ' ');

function choices(schema: JsonSchema): unknown[] | undefined {
  if (schema.enum) return schema.enum;
  const options = schema.anyOf ?? schema.oneOf;
  if (options?.every((o) => 'const' in o)) return options.map((o) => o.const);
  return undefined;
}

/**
 * A form drawn from a component's JSON Schema (from the server's catalog, itself made from the
 * zod schema the engine parses with), so forms never drift from what the engine accepts.
 */
export function SchemaForm({
  schema,
  value,
  onChange,
  errors,
  readOnly,
  omit = [],
  below = {},
}: FormProps) {
  const properties = Object.entries(schema.properties ?? {}).filter(([k]) => !omit.includes(k));
  const required = new Set(schema.required ?? []);
  const set = (key: string, v: unknown) => {
    const next = Object.fromEntries(Object.entries(value).filter(([k]) => k !== key));
    onChange(v === undefined ? next : { ...next, [key]: v });
  };
  if (properties.length === 0 && !schema.additionalProperties)
    return (
      <Text size="xs" c="dimmed">
        No settings.
      </Text>
    );
  if (properties.length === 0)
    return (
      <JsonField
        label="config"
        value={value}
        onChange={(v) => onChange((v ?? {}) as Config)}
        error={errors['']}
        readOnly={readOnly}
      />
    );
  return (
    <Stack gap="xs">
      {properties.map(([key, prop]) => (
        <Fragment key={key}>
          <Field
            name={key}
            schema={prop}
            required={required.has(key)}
            value={value[key]}
            onChange={(v) => set(key, v)}
            error={errors[key]}
            readOnly={readOnly}
          />
          {below[key]}
        </Fragment>
      ))}
    </Stack>
  );
}

interface FieldProps {
  name: string;
  schema: JsonSchema;
  required: boolean;
  value: unknown;
  onChange: (value: unknown) => void;
  error: string | undefined;
  readOnly: boolean | undefined;
}

function Field({ name, schema, required, value, onChange, error, readOnly }: FieldProps) {
  const common = {
    label: label(name),
    description: schema.description,
    error,
    withAsterisk: required,
    readOnly,
    size: 'xs' as const,
    'data-field': name,
  };
  const placeholder =
    schema.default !== undefined ? `default: ${JSON.stringify(schema.default)}` : undefined;
  const options = choices(schema);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  if ('const' in schema)
    return <TextInput {...common} value={String(value ?? schema.const)} readOnly />;
  if (options)
    return (
      <Select
        {...common}
        placeholder={placeholder}
        clearable={!required}
        data={options.map((o) => ({ value: JSON.stringify(o), label: String(o) }))}
        value={value === undefined ? null : JSON.stringify(value)}
        onChange={(v) => onChange(v === null ? undefined : JSON.parse(v))}
      />
    );
  if (type === 'boolean')
    return (
      <Switch
        label={label(name)}
        description={schema.description}
        size="xs"
        disabled={readOnly}
        checked={Boolean(value ?? schema.default)}
        onChange={(e) => onChange(e.currentTarget.checked)}
        data-field={name}
      />
    );
  if (type === 'integer' || type === 'number')
    return (
      <NumberInput
        {...common}
        placeholder={placeholder}
        allowDecimal={type === 'number'}
        min={
          schema.minimum ??
          (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum : undefined)
        }
        max={schema.maximum}
        value={typeof value === 'number' ? value : ''}
        onChange={(v) => onChange(typeof v === 'number' ? v : v === '' ? undefined : Number(v))}
      />
    );
  if (type === 'string')
    return (
      <TextInput
        {...common}
        placeholder={placeholder}
        value={typeof value === 'string' ? value : ''}
        onChange={(e) => onChange(e.currentTarget.value === '' ? undefined : e.currentTarget.value)}
      />
    );
  if (type === 'array' && (schema.items?.type === 'string' || !schema.items))
    return (
      <TagsInput
        {...common}
        placeholder="type and press Enter"
        value={Array.isArray(value) ? value.map(String) : []}
        onChange={(v) => onChange(v.length === 0 && !required ? undefined : v)}
        acceptValueOnBlur
        splitChars={[',', ' ']}
      />
    );
  if (
    type === 'object' &&
    typeof schema.additionalProperties === 'object' &&
    schema.additionalProperties.type === 'string' &&
    !schema.properties
  )
    return (
      <KeyValueField
        {...common}
        value={(value ?? {}) as Record<string, string>}
        onChange={onChange}
      />
    );
  return (
    <JsonField
      label={label(name)}
      value={value}
      onChange={onChange}
      error={error}
      readOnly={readOnly}
    />
  );
}

function KeyValueField({
  label: title,
  description,
  error,
  readOnly,
  value,
  onChange,
}: {
  label: string;
  description: string | undefined;
  error: string | undefined;
  readOnly: boolean | undefined;
  value: Record<string, string>;
  onChange: (v: unknown) => void;
}) {
  const rows = Object.entries(value);
  const write = (entries: [string, string][]) => onChange(Object.fromEntries(entries));
  return (
    <Stack gap={4} data-field={title}>
      <Text size="xs" fw={500}>
        {title}
      </Text>
      {description && (
        <Text size="xs" c="dimmed">
          {description}
        </Text>
      )}
      {rows.map(([k, v], i) => (
        <Group key={i} gap={4} wrap="nowrap">
          <TextInput
            size="xs"
            placeholder="from"
            aria-label={`${title} key ${i + 1}`}
            value={k}
            readOnly={readOnly}
            onChange={(e) =>
              write(rows.map((r, j) => (j === i ? [e.currentTarget.value, r[1]] : r)))
            }
          />
          <Text size="xs">→</Text>
          <TextInput
            size="xs"
            placeholder="to"
            aria-label={`${title} value ${i + 1}`}
            value={v}
            readOnly={readOnly}
            onChange={(e) =>
              write(rows.map((r, j) => (j === i ? [r[0], e.currentTarget.value] : r)))
            }
          />
          {!readOnly && (
            <ActionIcon
              aria-label="Remove"
              color="red"
              onClick={() => write(rows.filter((_, j) => j !== i))}
            >
              <IconTrash size={14} />
            </ActionIcon>
          )}
        </Group>
      ))}
      {!readOnly && (
        <Group>
          <ActionIcon
            aria-label={`Add ${title}`}
            variant="light"
            onClick={() => write([...rows, [rows.some(([k]) => k === '') ? ' ' : '', '']])}
          >
            <IconPlus size={14} />
          </ActionIcon>
        </Group>
      )}
      {error && (
        <Text size="xs" c="red">
          {error}
        </Text>
      )}
    </Stack>
  );
}

function JsonField({
  label: title,
  value,
  onChange,
  error,
  readOnly,
}: {
  label: string;
  value: unknown;
  onChange: (v: unknown) => void;
  error: string | undefined;
  readOnly: boolean | undefined;
}) {
  return (
    <JsonInput
      label={title}
      size="xs"
      autosize
      minRows={2}
      formatOnBlur
      validationError="not valid JSON"
      readOnly={readOnly}
      error={error}
      defaultValue={value === undefined ? '' : JSON.stringify(value, null, 2)}
      onChange={(text) => {
        if (text.trim() === '') return onChange(undefined);
        try {
          onChange(JSON.parse(text));
        } catch {
          // Wait for valid JSON; the field shows the syntax error on blur.
        }
      }}
    />
  );
}
