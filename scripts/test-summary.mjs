#!/usr/bin/env node
// Prints the closing line of a test run, `N passed, N failed`, from the JSON reports of vitest
// (unit, integration) and Playwright (e2e). Exits 1 when anything failed or nothing passed.
// A skipped browser test counts as a failure: it usually means the browser could not run.
import { existsSync, readFileSync } from 'node:fs';

const files = process.argv.slice(2);
let passed = 0;
let failed = 0;
let skipped = 0;
let problems = 0;
for (const file of files) {
  if (!existsSync(file)) {
    console.log(`${file}: missing (did that test run start?)`);
    problems++;
    continue;
  }
  const report = JSON.parse(readFileSync(file, 'utf8'));
  if (report.config && report.stats && 'expected' in report.stats) {
    // Playwright: stats.expected passed as expected, unexpected failed, flaky passed on a retry;
    // errors are failures outside any test (global setup, a broken spec file).
    const { expected, unexpected, flaky, skipped: pwSkipped } = report.stats;
    const errors = report.errors?.length ?? 0;
    passed += expected + flaky;
    failed += unexpected + errors;
    skipped += pwSkipped;
    console.log(
      `${file}: ${expected} passed, ${unexpected} failed, ${flaky} flaky, ${pwSkipped} skipped` +
        (errors ? `, ${errors} errors outside tests` : ''),
    );
    if (pwSkipped > 0) {
      console.log(
        `${file}: ${pwSkipped} browser test(s) skipped: counted as a failure (no browser test may skip)`,
      );
      problems++;
    }
    if (expected + flaky === 0) {
      console.log(`${file}: no browser test passed`);
      problems++;
    }
  } else {
    passed += report.numPassedTests;
    failed += report.numFailedTests;
    skipped += report.numPendingTests + report.numTodoTests;
  }
}
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 || passed === 0 || problems > 0 ? 1 : 0);
