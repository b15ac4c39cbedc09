// Copy the pinned front-end files from node_modules into meahub/core/static/vendor/ and write
// LICENSES.md beside them. The copies are committed, so running meahub never needs Node.
// Usage: npm ci && node vendor.mjs   (or `make vendor` from the repository root)
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const target = join(here, "..", "meahub", "core", "static", "vendor");

// [package, file inside the package, name in vendor/, licence file inside the package]
const FILES = [
  ["htmx.org", "dist/htmx.min.js", "htmx.min.js", "LICENSE"],
  ["chart.js", "dist/chart.umd.min.js", "chart.umd.min.js", "LICENSE.md"],
  ["world-atlas", "countries-110m.json", "countries-110m.json", "LICENSE"],
];

mkdirSync(target, { recursive: true });
const rows = [];
for (const [name, file, copyAs, licenceFile] of FILES) {
  const root = join(here, "node_modules", name);
  const meta = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
  copyFileSync(join(root, file), join(target, copyAs));
  copyFileSync(join(root, licenceFile), join(target, `${name}.LICENSE.txt`));
  rows.push(`| \`${copyAs}\` | ${name} | ${meta.version} | ${meta.license} | \`${name}.LICENSE.txt\` |`);
  console.log(`vendored ${name}@${meta.version}: ${file} -> ${copyAs}`);
}

const note = `# Vendored front-end files

Copied from the npm registry by \`frontend/vendor.mjs\` (\`make vendor\`), with the versions
pinned in \`frontend/package.json\` and \`frontend/package-lock.json\`. Do not edit them by hand.

| file | npm package | version | licence | licence text |
| --- | --- | --- | --- | --- |
${rows.join("\n")}

\`countries-110m.json\` is derived by world-atlas from Natural Earth (public domain).
`;
writeFileSync(join(target, "LICENSES.md"), note);
console.log(`wrote ${join(target, "LICENSES.md")}`);
