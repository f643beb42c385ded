// Validates an AsyncAPI document with the official parser (@asyncapi/parser).
// Usage: node validate.mjs PATH. Prints every diagnostic as one JSON line on stdout;
// exits 0 when the document parses with no error and no warning, 1 otherwise, 2 on misuse.
import { Parser, fromFile, DiagnosticSeverity } from '@asyncapi/parser';

const path = process.argv[2];
if (!path) {
  console.error('usage: node validate.mjs ASYNCAPI_FILE');
  process.exit(2);
}

const parser = new Parser();
const { document, diagnostics } = await fromFile(parser, path).parse();
let bad = 0;
for (const d of diagnostics) {
  const severity = Object.keys(DiagnosticSeverity).find((k) => DiagnosticSeverity[k] === d.severity);
  if (d.severity <= DiagnosticSeverity.Warning) bad += 1;
  console.log(JSON.stringify({ severity, code: d.code, path: d.path.join('.'), message: d.message }));
}
if (!document || bad > 0) {
  console.error(`${path}: ${bad} error(s) or warning(s)`);
  process.exit(1);
}
const channels = document.channels().all().map((c) => c.address());
console.log(JSON.stringify({ valid: true, version: document.version(), channels }));
