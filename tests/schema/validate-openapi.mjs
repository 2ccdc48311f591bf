// Validates the control plane's OpenAPI document (server/app/openapi.json, served at
// GET /_mock/openapi.json) against the OpenAPI 3.1 schema with a standard validator, checks that
// every operation says what it does, and that the validator does reject a broken document.
// Exit code 0 = all good.
import { Validator } from "@seriousme/openapi-schema-validator";
import { readFileSync } from "node:fs";

const file = process.argv[2];
const document = JSON.parse(readFileSync(file, "utf8"));
let failures = 0;
let checks = 0;

const validator = new Validator();
const result = await validator.validate(document);
checks += 2;
console.log(`${result.valid ? "ok  " : "FAIL"} ${file} is valid OpenAPI ${validator.version}`);
if (!result.valid) {
  failures++;
  console.log(JSON.stringify(result.errors, null, 2));
}
if (validator.version !== "3.1") {
  console.log(`FAIL the document is OpenAPI ${validator.version}, not 3.1`);
  failures++;
}

const methods = ["get", "put", "post", "delete", "patch", "head", "options"];
let operations = 0;
for (const [path, item] of Object.entries(document.paths)) {
  for (const method of methods) {
    if (!item[method]) continue;
    operations++;
    if (typeof item[method].summary !== "string" || item[method].summary.length < 10) {
      console.log(`FAIL ${method.toUpperCase()} ${path} has no summary saying what it does`);
      failures++;
    }
  }
}
checks++;
console.log(`${operations} operations checked for a summary`);

// The validator is not one that accepts anything.
const broken = structuredClone(document);
broken.paths["/_mock/health"].get.responses = "none";
const rejected = await new Validator().validate(broken);
checks++;
console.log(`${rejected.valid ? "FAIL" : "ok  "} a broken document is rejected`);
if (rejected.valid) failures++;

console.log(`${checks - Math.min(failures, checks)} passed, ${failures} failed`);
process.exit(failures === 0 ? 0 : 1);
