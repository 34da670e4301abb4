import { expect, loginAs, test, uniqueName } from '../src/fixtures';

test.describe('security headers', () => {
  test('the app runs under its CSP: no violation on the login, dashboard, designer and live view', async ({
    page,
    server,
    admin,
  }) => {
    const violations: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text()))
        violations.push(message.text());
    });
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (event) =>
        console.error(`Refused to load: CSP ${event.violatedDirective} ${event.blockedURI}`),
      );
    });
    const name = uniqueName('csp');
    await admin.client.dags.save.mutate({
      config: {
        name,
        subscribers: [{ name: 'in', config: { source: `mem://queue/${name}_in` } }],
        publishers: [{ name: 'out', config: { destination: `mem://queue/${name}_out` } }],
        nodes: [
          { name: 'src', type: 'SubscriptionNode', config: { subscriber: 'in' } },
          { name: 'sink', type: 'PublicationNode', config: { publishers: ['out'] } },
        ],
        edges: [{ from: 'src', to: 'sink' }],
      },
    });
    await admin.client.dags.start.mutate({ name });

    const response = await page.goto('/login');
    const headers = response?.headers() ?? {};
    expect(headers['content-security-policy']).toContain("script-src 'self'");
    expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(headers['x-frame-options']).toBe('DENY');
    expect(headers['x-content-type-options']).toBe('nosniff');

    await loginAs(page, 'admin', server.adminPassword);
    await page.goto('/');
    await expect(page.getByTestId(`dag-row-${name}`)).toBeVisible();
    await page.goto(`/dags/${name}`);
    // The designer's chunk takes a while on a busy machine.
    await expect(page.getByText(`mem://queue/${name}_in`)).toBeVisible({ timeout: 30_000 });
    await page.goto(`/dags/${name}/live`);
    await expect(page.getByTestId('socket-status')).toHaveAttribute('data-state', 'open');
    await expect(page.getByTestId('dag-state')).toHaveText('running');
    await expect(page.getByText(`mem://queue/${name}_in`)).toBeVisible({ timeout: 30_000 });
    expect(violations).toEqual([]);
  });
});
