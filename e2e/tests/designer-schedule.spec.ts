// The designer edits what the original system's files bring (issue 15): a DAG's schedule (days,
// excluded days, holiday calendars, its zone) in the DAG settings, a MetronomeNode's `emits` and
// its own subscriber in its panel. Saved, reloaded and exported, they are kept.
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, signIn, test, uniqueName } from '../src/fixtures';

/** Screenshots at 1440 and 1024 wide, light and dark, to look at by eye. */
async function shoot(page: Page, label: string) {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const width of [1440, 1024]) {
      await page.setViewportSize({ width, height: 900 });
      await page.screenshot({ path: test.info().outputPath(`${label}-${width}-${scheme}.png`) });
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize({ width: 1440, height: 900 });
}

/** A metronome publishing its ticks, and a subscriber no node reads yet (for the metronome). */
function dagOf(name: string) {
  return {
    name,
    timezone: 'UTC',
    subscribers: [{ name: 'prices', config: { source: 'mem://queue/prices' } }],
    publishers: [{ name: 'ticks_out', config: { destination: 'mem://queue/ticks_out' } }],
    nodes: [
      { name: 'beat', type: 'MetronomeNode', config: { interval_ms: 500 } },
      { name: 'pub', type: 'PublicationNode', config: { publishers: ['ticks_out'] } },
    ],
    edges: [{ from: 'beat', to: 'pub' }],
  };
}

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'];
const SCHEDULE = {
  days_of_week: ['mon', 'tue', 'wed', 'thu', 'fri'],
  holiday_calendars: ['USA'],
  timezone: 'America/New_York',
};
const BEAT = {
  name: 'beat',
  type: 'MetronomeNode',
  config: { interval_ms: 500, subscriber: 'prices', emits: 'metronome_tick' },
};

/** Picks an option of a Mantine select or multi-select by its label. */
async function pick(page: Page, label: string, option: string, search = false) {
  const field = page
    .getByTestId('property-panel')
    .getByRole('combobox', { name: label, exact: true });
  await field.click();
  if (search) await field.fill(option);
  await page.getByRole('option', { name: option, exact: true }).click();
}

test.describe('schedule and metronome forms of the original system in the designer', () => {
  test('set a schedule with USA holidays on weekdays and a metronome_tick metronome: saved, reloaded, exported', async ({
    page,
    server,
    admin,
  }) => {
    await signIn(page, server, 'admin', server.adminPassword);
    await page.goto('/dags/new');
    const name = uniqueName('scheduled');
    await page.getByRole('button', { name: 'Import' }).click();
    await page.getByTestId('import-text').fill(JSON.stringify(dagOf(name), null, 2));
    await page.getByRole('button', { name: 'Import', exact: true }).last().click();
    await expect(page.getByTestId('dag-name')).toHaveText(name);
    await expect(page.getByTestId('problem-count')).toHaveText('0');

    const panel = page.getByTestId('property-panel');
    const section = panel.getByTestId('schedule-section');
    const runsOn = section.getByRole('group', { name: 'runs on' });
    for (const day of WEEKDAYS) await runsOn.getByRole('button', { name: day }).click();
    await pick(page, 'off on the holidays of', 'USA');
    // Its own zone, unlike the DAG's: a problem at the field, gone once the two agree.
    await pick(page, 'schedule time zone', 'America/New_York', true);
    await expect(page.getByTestId('problem-count')).toHaveText('1');
    await expect(section).toContainText('differs from timezone (UTC)');
    await page.screenshot({ path: test.info().outputPath('schedule-problem-1440-light.png') });
    await pick(page, 'time zone', 'America/New_York', true);
    await expect(page.getByTestId('problem-count')).toHaveText('0');
    await expect(section).not.toContainText('differs from timezone');
    await section.scrollIntoViewIfNeeded();
    await shoot(page, 'schedule-settings');

    await page.getByTestId('node-beat').click();
    await expect(panel).toContainText('{"tick": n, "time": ISO-8601}');
    await panel.getByText('metronome_tick (original)').click();
    await expect(panel).toContainText('{"metronome_tick": n}, n from 0');
    // A subscriber of its own, new: added to the DAG and picked.
    await pick(page, 'new subscriber', 'mem://');
    await expect(panel.getByRole('combobox', { name: 'subscriber', exact: true })).toHaveValue(
      'beat_mem_in',
    );
    await expect(panel.getByRole('combobox', { name: 'new subscriber' })).toHaveCount(0);
    // Or one the DAG has.
    await pick(page, 'subscriber', 'prices');
    // The subscriber's form, to edit it where the metronome uses it.
    await expect(panel.getByRole('textbox', { name: 'source' })).toHaveValue('mem://queue/prices');
    await expect(page.getByTestId('problem-count')).toHaveText('0');
    await shoot(page, 'metronome-panel');

    await page.getByRole('button', { name: 'Save' }).click();
    await expect(page).toHaveURL(new RegExp(`/dags/${name}$`));
    const stored = await admin.client.dags.get.query({ name });
    const config = stored.config as {
      schedule?: unknown;
      timezone?: string;
      subscribers: { name: string }[];
      nodes: unknown[];
    };
    expect(config.subscribers.map((s) => s.name)).toEqual(['prices', 'beat_mem_in']);
    expect(config.schedule).toEqual(SCHEDULE);
    expect(config.timezone).toBe('America/New_York');
    expect(config.nodes[0]).toEqual(BEAT);

    await page.reload();
    await expect(page.getByTestId('dag-name')).toHaveText(name);
    const days = page.getByTestId('schedule-section').getByRole('group', { name: 'runs on' });
    for (const day of WEEKDAYS)
      await expect(days.getByRole('button', { name: day })).toHaveAttribute('aria-pressed', 'true');
    for (const day of ['Saturday', 'Sunday'])
      await expect(days.getByRole('button', { name: day })).toHaveAttribute(
        'aria-pressed',
        'false',
      );
    await expect(page.getByTestId('schedule-section')).toContainText('USA');
    await expect(
      panel.getByRole('combobox', { name: 'schedule time zone', exact: true }),
    ).toHaveValue('America/New_York');
    await page.getByTestId('node-beat').click();
    await expect(panel.getByRole('radio', { name: 'metronome_tick (original)' })).toBeChecked();
    await expect(panel.getByRole('combobox', { name: 'subscriber', exact: true })).toHaveValue(
      'prices',
    );

    const downloading = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export' }).click();
    const exported = JSON.parse(readFileSync(await (await downloading).path(), 'utf8')) as {
      schedule?: unknown;
      nodes: unknown[];
    };
    expect(exported.schedule).toEqual(SCHEDULE);
    expect(exported.nodes[0]).toEqual(BEAT);
  });

  test("an original file's schedule and metronome show in their fields, and an edit keeps the rest as written", async ({
    page,
    server,
  }) => {
    await signIn(page, server, 'admin', server.adminPassword);
    await page.goto('/dags/new');
    const name = uniqueName('heartbeat');
    const original = {
      name,
      schedule: {
        days_of_week: ['Monday', 'Tuesday', 'WED', 'thurs', 'fri'],
        holiday_calendars: ['usa'],
      },
      subscribers: [
        { name: 'beat', config: { source: 'metronome', message: 'heartbeat', interval: 30 } },
      ],
      publishers: [{ name: 'out', config: { destination: 'mem://topic/heartbeat' } }],
      calculators: [],
      transformers: [],
      nodes: [
        {
          name: 'metronome_node',
          type: 'MetronomeNode',
          config: { interval: 10 },
          subscriber: 'beat',
        },
        { name: 'pub', type: 'PublicationNode', config: {}, publishers: ['out'] },
      ],
      edges: [{ from_node: 'metronome_node', to_node: 'pub' }],
    };
    await page.getByRole('button', { name: 'Import' }).click();
    await page.getByTestId('import-text').fill(JSON.stringify(original, null, 2));
    await page.getByRole('button', { name: 'Import', exact: true }).last().click();
    await expect(page.getByTestId('conversion-notice')).toContainText(
      'Converted from the original format',
    );
    await expect(page.getByTestId('problem-count')).toHaveText('0');

    const panel = page.getByTestId('property-panel');
    const section = panel.getByTestId('schedule-section');
    const runsOn = section.getByRole('group', { name: 'runs on' });
    for (const day of WEEKDAYS)
      await expect(runsOn.getByRole('button', { name: day })).toHaveAttribute(
        'aria-pressed',
        'true',
      );
    await expect(runsOn.getByRole('button', { name: 'Sunday' })).toHaveAttribute(
      'aria-pressed',
      'false',
    );
    await expect(section).toContainText('USA');
    // The original reads a schedule without a zone in New York's: the converted one says so.
    await expect(
      panel.getByRole('combobox', { name: 'schedule time zone', exact: true }),
    ).toHaveValue('America/New_York');
    await expect(panel).toContainText("read in the schedule's zone (America/New_York)");
    await runsOn.getByRole('button', { name: 'Wednesday' }).click();
    await expect(runsOn.getByRole('button', { name: 'Wednesday' })).toHaveAttribute(
      'aria-pressed',
      'false',
    );

    await page.getByTestId('node-metronome_node').click();
    await expect(panel.getByRole('radio', { name: 'metronome_tick (original)' })).toBeChecked();
    await expect(panel.getByRole('combobox', { name: 'subscriber', exact: true })).toHaveValue(
      'beat',
    );
    await expect(panel.getByRole('textbox', { name: 'message' })).toHaveValue('heartbeat');

    const downloading = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export' }).click();
    const exported = JSON.parse(readFileSync(await (await downloading).path(), 'utf8')) as {
      schedule?: unknown;
      nodes: { config: unknown }[];
    };
    // The names as the file wrote them, less the day switched off.
    expect(exported.schedule).toEqual({
      days_of_week: ['Monday', 'Tuesday', 'thurs', 'fri'],
      holiday_calendars: ['usa'],
      timezone: 'America/New_York',
    });
    expect(exported.nodes[0]?.config).toEqual({
      interval_ms: 10_000,
      subscriber: 'beat',
      emits: 'metronome_tick',
    });
  });
});
