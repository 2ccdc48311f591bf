// Validates every fixture in a folder against fixtures/schema.json with Ajv, and checks that the
// schema does reject a broken fixture. Exit code 0 = all good.
import Ajv from "ajv";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";

const folder = process.argv[2];
const schema = JSON.parse(readFileSync(join(folder, "schema.json"), "utf8"));
const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);

let failures = 0;
const files = readdirSync(folder).filter((f) => f.endsWith(".json") && f !== "schema.json");
for (const file of files) {
  const ok = validate(JSON.parse(readFileSync(join(folder, file), "utf8")));
  console.log(`${ok ? "ok  " : "FAIL"} ${file}`);
  if (!ok) {
    failures++;
    for (const e of validate.errors) console.log(`     ${e.instancePath} ${e.message}`);
  }
}
const broken = { calls: [{ id: "c", participants: [{ id: 7 }] }] };
if (validate(broken)) {
  console.log("FAIL the schema accepted a participant id that is a number");
  failures++;
}
if (files.length === 0) failures++;
console.log(`${files.length + 1 - failures} passed, ${failures} failed`);
process.exit(failures === 0 ? 0 : 1);
