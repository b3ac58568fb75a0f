// Validates an OpenAPI document with APIDevTools' Swagger Parser (the maintained successor of swagger-cli's
// "validate"): the OpenAPI 3.0 JSON schema, then the spec's own rules (unique operationIds, path parameters
// declared, required properties defined, ...), every $ref resolved. Exit 0 when valid; else 1 with every error.
import SwaggerParser from "@apidevtools/swagger-parser";

const file = process.argv[2];
if (!file) {
  console.error("usage: node validate.mjs OPENAPI.yaml");
  process.exit(2);
}
try {
  const api = await SwaggerParser.validate(file);
  console.log(`swagger-parser: ${file} is a valid OpenAPI ${api.openapi} document (${Object.keys(api.paths).length} paths)`);
} catch (e) {
  console.error(`swagger-parser: ${file} is not valid: ${e.message}`);
  for (const d of e.details ?? []) {
    console.error(`  ${(d.path ?? []).join("/")}: ${d.message}`);
  }
  process.exit(1);
}
