import { Button, Divider, Group, Input, MultiSelect, Select, Stack, Text } from '@mantine/core';
import {
  DAY_NAMES,
  FULL_DAY_NAMES,
  HOLIDAY_CALENDARS,
  holidayCalendar,
  holidayCalendarNames,
} from '@flow/shared';
import { useProblems } from '../problems-store';
import { daysOf, withDayToggled, withSchedule, type DayListKey } from '../schedule-edit';
import { useEditorStore } from '../store-context';
import { fieldErrors } from './field-errors';
import { TIME_ZONES } from './time-zones';

const CALENDAR_HELP = holidayCalendarNames
  .map((name) => `${name}: ${HOLIDAY_CALENDARS[name].description}`)
  .join('; ');

/** Seven toggles, Monday first, for one day list of the schedule. */
function DayToggles({
  list,
  label,
  description,
  error,
  readOnly,
}: {
  list: DayListKey;
  label: string;
  description: string;
  error: string | undefined;
  readOnly: boolean;
}) {
  const schedule = useEditorStore((s) => s.doc.schedule);
  const updateDoc = useEditorStore((s) => s.updateDoc);
  const on = new Set(daysOf(schedule?.[list]));
  return (
    <Input.Wrapper
      size="xs"
      label={label}
      description={description}
      error={error}
      data-testid={`schedule-${list}`}
    >
      <Group gap={4} grow wrap="nowrap" mt={4} role="group" aria-label={label}>
        {DAY_NAMES.map((day, i) => (
          <Button
            key={day}
            size="compact-xs"
            px={0}
            variant={on.has(i) ? 'filled' : 'default'}
            aria-pressed={on.has(i)}
            aria-label={FULL_DAY_NAMES[i]}
            title={FULL_DAY_NAMES[i]}
            disabled={readOnly}
            onClick={() => updateDoc({ schedule: withDayToggled(schedule, list, i) })}
          >
            {day}
          </Button>
        ))}
      </Group>
    </Input.Wrapper>
  );
}

/**
 * The DAG's schedule: the days it runs on, the days it never runs on, the holiday calendars it is
 * off on, and the zone they are read in. Nothing set, the DAG has no schedule.
 */
export function ScheduleSection({ readOnly }: { readOnly: boolean }) {
  const schedule = useEditorStore((s) => s.doc.schedule);
  const dagZone = useEditorStore((s) => s.doc.timezone);
  const updateDoc = useEditorStore((s) => s.updateDoc);
  const problems = useProblems((s) => s.problems);
  const errors = fieldErrors(problems, ['schedule']);
  const known = ['days_of_week', 'exclude_days_of_week', 'holiday_calendars', 'timezone'];
  const other = Object.entries(errors).filter(([key]) => !known.includes(key));
  const calendars = (schedule?.holiday_calendars ?? []).map((c) => holidayCalendar(c) ?? c);
  const unknownCalendars = calendars.filter((c) => holidayCalendar(c) === undefined);
  const zone = schedule?.timezone ?? null;
  return (
    <Stack gap="xs" data-testid="schedule-section">
      <Divider label="schedule" labelPosition="left" />
      <DayToggles
        list="days_of_week"
        label="runs on"
        description="None picked: every day."
        error={errors.days_of_week}
        readOnly={readOnly}
      />
      <DayToggles
        list="exclude_days_of_week"
        label="never on"
        description="Days it is off even when picked above."
        error={errors.exclude_days_of_week}
        readOnly={readOnly}
      />
      <MultiSelect
        size="xs"
        label="off on the holidays of"
        description={CALENDAR_HELP}
        placeholder={calendars.length ? undefined : 'no holiday calendar'}
        data={[...holidayCalendarNames, ...unknownCalendars]}
        value={[...new Set(calendars)]}
        readOnly={readOnly}
        error={errors.holiday_calendars}
        onChange={(v) => updateDoc({ schedule: withSchedule(schedule, { holiday_calendars: v }) })}
      />
      <Select
        size="xs"
        label="schedule time zone"
        description="Days and holidays are read in this zone; left empty, the DAG's."
        placeholder={`the DAG's (${dagZone ?? 'UTC'})`}
        searchable
        clearable
        readOnly={readOnly}
        data={zone === null || TIME_ZONES.includes(zone) ? TIME_ZONES : [zone, ...TIME_ZONES]}
        value={zone}
        error={errors.timezone}
        onChange={(v) =>
          updateDoc({ schedule: withSchedule(schedule, { timezone: v ?? undefined }) })
        }
      />
      {other.map(([key, message]) => (
        <Text key={key} size="xs" c="red">
          schedule{key ? `.${key}` : ''}: {message}
        </Text>
      ))}
      {schedule !== undefined && !readOnly && (
        <Group justify="flex-end">
          <Button
            size="compact-xs"
            variant="subtle"
            onClick={() => updateDoc({ schedule: undefined })}
          >
            Clear the schedule
          </Button>
        </Group>
      )}
    </Stack>
  );
}
