// A DAG file of the original system (DishtaYantra, issue 15) in the designer: the import asks the
// server to convert it, the notice says so and lists each warning at its place in the file, Save
// stores our format (its audit entry lists the warnings) and Export writes ours.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { createUser, expect, signIn, test } from '../src/fixtures';

const ORIGINAL_FILE = fileURLToPath(
  new URL('../fixtures/original-format-dag.json', import.meta.url),
);
/** The fixture's warnings, by path: keys of the original we do not implement. */
const WARNED = [
  '$._comment',
  '$.version',
  '$.autoclone',
  '$.calculators[0].config.description',
  '$.nodes[1].priority',
];

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

async function importFile(page: Page, text: string) {
  await page.getByRole('button', { name: 'Import' }).click();
  await page.getByTestId('import-text').fill(text);
  await page.getByRole('button', { name: 'Import', exact: true }).last().click();
}

test.describe('the original format in the designer', () => {
  test('import an original file: notice and warnings, save stores ours, export writes ours', async ({
    page,
    server,
    admin,
  }) => {
    const analyst = await createUser(server, { role: 'analyst' });
    await signIn(page, server, analyst.username, analyst.password);
    await page.goto('/dags/new');
    await page.getByRole('button', { name: 'Import' }).click();
    await page.locator('input[type=file]').setInputFiles(ORIGINAL_FILE);

    const notice = page.getByTestId('conversion-notice');
    await expect(notice).toContainText('Converted from the original format');
    await expect(notice).toContainText('original_orders was written for the original system');
    const warnings = notice.getByTestId('conversion-warning');
    await expect(warnings).toHaveCount(WARNED.length);
    for (const path of WARNED) await expect(warnings.filter({ hasText: path })).toHaveCount(1);
    await expect(warnings.filter({ hasText: '$.nodes[1].priority' })).toContainText(
      'priority is ignored: DAGs have no priority',
    );
    // The converted DAG on the canvas: its nodes, its edges (from_node/to_node read), no problems.
    await expect(page.getByTestId('dag-name')).toHaveText('original_orders');
    await expect(page.locator('.react-flow__node')).toHaveCount(4);
    await expect(page.locator('.react-flow__edge')).toHaveCount(3);
    await expect(page.getByText('⇢ keep_ab')).toBeVisible();
    await expect(page.getByTestId('problem-count')).toHaveText('0');
    await shoot(page, 'original-imported');

    await page.getByRole('button', { name: 'Save' }).click();
    await expect(page).toHaveURL(/\/dags\/original_orders$/);
    await expect(page.getByText(/converted from the original format/).first()).toBeVisible();
    // The notice follows the DAG to its saved page, until dismissed.
    await expect(notice.getByTestId('conversion-warning')).toHaveCount(WARNED.length);

    const stored = await admin.client.dags.get.query({ name: 'original_orders' });
    const audit = await admin.client.audit.list.query({ limit: 20 });
    const entry = audit.find((a) => a.action === 'dag.save' && a.dag === 'original_orders');
    expect(entry?.actor).toBe(analyst.username);
    const detail = entry?.detail as { originalFormat?: boolean; warnings?: string[] };
    expect(detail.originalFormat).toBe(true);
    // Each warning as "path: message".
    expect(detail.warnings?.map((w) => w.slice(0, w.indexOf(': '))).sort()).toEqual(
      [...WARNED].sort(),
    );

    const downloading = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export' }).click();
    const text = readFileSync(await (await downloading).path(), 'utf8');
    const exported = JSON.parse(text) as {
      calculators: { type: string; config: Record<string, unknown> }[];
      transformers: { type: string }[];
      nodes: { name: string; config: Record<string, unknown> }[];
      edges: Record<string, unknown>[];
    };
    // Ours: from/to edges, components in the node's config, our type names, no ignored key.
    expect(exported.edges).toEqual([
      { from: 'src', to: 'adder', transformer: 'keep_ab' },
      { from: 'adder', to: 'ren' },
      { from: 'ren', to: 'sink' },
    ]);
    expect(exported.nodes.map((n) => [n.name, n.config])).toEqual([
      ['src', { subscriber: 'orders_in' }],
      ['adder', { calculator: 'add_ab' }],
      ['ren', { calculator: 'rename' }],
      ['sink', { publishers: ['totals_out'] }],
    ]);
    expect(exported.calculators.map((c) => c.type)).toEqual([
      'AdditionCalculator',
      'AttributeNameChangeCalculator',
    ]);
    expect(exported.calculators[0]?.config).toEqual({
      arguments: ['a', 'b'],
      output_attribute: 'sum',
    });
    expect(exported.transformers.map((t) => t.type)).toEqual(['AttributeFilterDataTransformer']);
    for (const key of [
      'from_node',
      'to_node',
      'data_transformer',
      '_comment',
      '"version"',
      'autoclone',
      'priority',
      'description',
      'core.',
    ])
      expect(text).not.toContain(key);
    expect(exported).toEqual(stored.config);

    await notice.getByRole('button', { name: 'Dismiss' }).click();
    await expect(notice).toHaveCount(0);
  });

  test('problems of an original file are shown at their places in the file, and it is saved only as a draft', async ({
    page,
    server,
    admin,
  }) => {
    await signIn(page, server, 'admin', server.adminPassword);
    await page.goto('/dags/new');
    const original = JSON.parse(readFileSync(ORIGINAL_FILE, 'utf8')) as Record<string, unknown> & {
      calculators: Record<string, unknown>[];
      nodes: Record<string, unknown>[];
    };
    const bad = {
      ...original,
      name: 'original_bad',
      calculators: [
        { ...original.calculators[0], type: 'my_pkg.pricing.PriceCalculator' },
        original.calculators[1],
      ],
      nodes: original.nodes.map((n) => (n.name === 'ren' ? { ...n, calculator: 'nowhere' } : n)),
    };
    await importFile(page, JSON.stringify(bad, null, 2));

    await expect(page.getByTestId('conversion-notice')).toContainText('2 problem(s)');
    await expect(page.getByTestId('problem-count')).toHaveText('2');
    const problems = page.getByTestId('problem');
    await expect(problems.filter({ hasText: '$.calculators[0].type' })).toContainText(
      'is a Python calculator of the original system',
    );
    // At the node-level key of the file as written, not at ours (config.calculator).
    await expect(problems.filter({ hasText: '$.nodes[2].calculator' })).toContainText(
      'unknown_reference',
    );
    await shoot(page, 'original-problems');

    // With problems, Save keeps a draft (issue 18), not a DAG.
    await page.getByRole('button', { name: 'Save draft' }).click();
    await expect(page.getByText('Saved as a draft', { exact: true })).toBeVisible();
    const stored = await admin.client.dags.list.query();
    expect(stored.map((d) => d.name)).not.toContain('original_bad');
  });
});
