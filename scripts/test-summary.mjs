// Prints vitest's JSON results as one plain closing line: "N passed, N failed, N skipped".
import { existsSync, readFileSync } from 'node:fs';

const file = 'temp/vitest-results.json';
if (!existsSync(file)) {
  console.log('tests: no results file (the test run stopped before vitest)');
  process.exit(0);
}
const results = JSON.parse(readFileSync(file, 'utf8'));
const skipped = (results.numPendingTests ?? 0) + (results.numTodoTests ?? 0);
console.log(
  `tests: ${results.numPassedTests} passed, ${results.numFailedTests} failed, ${skipped} skipped`,
);
