// The real AWS SDK for JavaScript v3 Access Analyzer client against Hornbeam's AWS-compatible endpoint.
// Run by AwsSdkIT (api-service/src/test/java/dev/hornbeam/service/AwsSdkIT.java), which starts the server
// and sets the environment:
//   AWS_ENDPOINT_URL_ACCESSANALYZER, AWS_REGION, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY: the server without
//     a token: the default client, built with no options at all (as an unchanged program would be);
//   HORNBEAM_TOKEN_ENDPOINT, HORNBEAM_TOKEN: a server with hornbeam.auth.token set.
// Prints one line per case and "N passed, N failed" at the end; exits 1 when a case failed.
import assert from "node:assert/strict";
import {
  AccessAnalyzerClient,
  AccessDeniedException,
  CheckAccessNotGrantedCommand,
  CheckNoNewAccessCommand,
  CheckNoPublicAccessCommand,
  ValidatePolicyCommand,
  ValidationException,
  paginateValidatePolicy,
} from "@aws-sdk/client-accessanalyzer";

const client = new AccessAnalyzerClient({});

const doc = (statements) => JSON.stringify({ Version: "2012-10-17", Statement: statements });
const PUBLIC = doc([{ Sid: "PublicRead", Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*" }]);
const PRIVATE = doc([{ Sid: "OneAccount", Effect: "Allow", Principal: { AWS: "arn:aws:iam::111122223333:root" },
  Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*" }]);
const WIDER = doc([{ Sid: "OneAccount", Effect: "Allow", Principal: { AWS: "arn:aws:iam::111122223333:root" },
  Action: ["s3:GetObject", "s3:PutObject"], Resource: "arn:aws:s3:::b/*" }]);
const IDENTITY = doc([{ Sid: "Read", Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*" }]);

let passed = 0;
let failed = 0;
async function test(name, body) {
  try {
    await body();
    passed++;
    console.log(`ok ${name}`);
  } catch (e) {
    failed++;
    console.log(`FAILED ${name}: ${e && e.stack ? e.stack : e}`);
  }
}

/** The typed exception the SDK raised for `promise`. */
async function rejects(promise, type) {
  try {
    await promise;
  } catch (e) {
    assert.ok(e instanceof type, `expected ${type.name}, got ${e && e.name}: ${e && e.message}`);
    return e;
  }
  assert.fail(`expected ${type.name}, got an answer`);
}

/** A client whose requests carry extra headers, or a body edited before signing (SDK middleware). */
function withRequest(edit) {
  const c = new AccessAnalyzerClient({});
  c.middlewareStack.add((next) => async (args) => {
    edit(args.request);
    return next(args);
  }, { step: "build", name: "hornbeamTestEdit" });
  return c;
}

await test("CheckNoPublicAccess PASS for a one-account bucket policy", async () => {
  const r = await client.send(new CheckNoPublicAccessCommand({ policyDocument: PRIVATE, resourceType: "AWS::S3::Bucket" }));
  assert.equal(r.result, "PASS");
  assert.match(r.message, /no public access/);
  assert.deepEqual(r.reasons, []);
  assert.equal(r.$metadata.httpStatusCode, 200);
});

await test("CheckNoPublicAccess FAIL for a world-readable bucket, naming the statement", async () => {
  const r = await client.send(new CheckNoPublicAccessCommand({ policyDocument: PUBLIC, resourceType: "AWS::S3::Bucket" }));
  assert.equal(r.result, "FAIL");
  assert.match(r.message, /public access/);
  assert.equal(r.reasons.length, 1);
  assert.equal(r.reasons[0].statementIndex, 0);
  assert.equal(r.reasons[0].statementId, "PublicRead");
  assert.match(r.reasons[0].description, /s3:GetObject/);
});

await test("CheckNoNewAccess PASS for the same policy, FAIL for a wider one", async () => {
  const same = await client.send(new CheckNoNewAccessCommand({ existingPolicyDocument: PRIVATE, newPolicyDocument: PRIVATE,
    policyType: "RESOURCE_POLICY" }));
  assert.equal(same.result, "PASS");
  const wider = await client.send(new CheckNoNewAccessCommand({ existingPolicyDocument: PRIVATE, newPolicyDocument: WIDER,
    policyType: "RESOURCE_POLICY" }));
  assert.equal(wider.result, "FAIL");
  assert.match(wider.message, /s3:PutObject/);
  assert.equal(wider.reasons[0].statementId, "OneAccount");
});

await test("CheckAccessNotGranted PASS and FAIL on an identity policy", async () => {
  const pass = await client.send(new CheckAccessNotGrantedCommand({ policyDocument: IDENTITY, policyType: "IDENTITY_POLICY",
    access: [{ actions: ["s3:DeleteObject"] }] }));
  assert.equal(pass.result, "PASS");
  const fail = await client.send(new CheckAccessNotGrantedCommand({ policyDocument: IDENTITY, policyType: "IDENTITY_POLICY",
    access: [{ actions: ["s3:GetObject"], resources: ["arn:aws:s3:::b/secret"] }] }));
  assert.equal(fail.result, "FAIL");
  assert.equal(fail.reasons[0].statementIndex, 0);
  assert.equal(fail.reasons[0].statementId, "Read");
});

await test("ValidatePolicy: an error located by path and span in the document text", async () => {
  const text = '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {"Effect": "allow", "Principal": "*",\n'
    + '     "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}\n  ]\n}';
  const r = await client.send(new ValidatePolicyCommand({ policyDocument: text, policyType: "RESOURCE_POLICY" }));
  const f = r.findings.find((x) => x.issueCode === "INVALID_EFFECT");
  assert.ok(f, JSON.stringify(r.findings));
  assert.equal(f.findingType, "ERROR");
  assert.match(f.findingDetails, /Allow/);
  assert.match(f.learnMoreLink, /^https:\/\//);
  const loc = f.locations[0];
  assert.deepEqual(loc.path, [{ value: "Statement" }, { index: 0 }, { value: "Effect" }]);
  assert.equal(text.slice(loc.span.start.offset, loc.span.end.offset), '"allow"');
  assert.deepEqual(loc.span.start, { line: 4, column: 15, offset: text.indexOf('"allow"') });
  assert.deepEqual(loc.span.end, { line: 4, column: 22, offset: text.indexOf('"allow"') + 7 });
});

await test("ValidatePolicy: a valid policy with a warning, and pages of one finding", async () => {
  const text = doc([{ Effect: "Allow", Action: ["s3:GetObjekt", "s3:PutObjekt"], Resource: "*" }]);
  const r = await client.send(new ValidatePolicyCommand({ policyDocument: text, policyType: "IDENTITY_POLICY", locale: "EN" }));
  assert.ok(r.findings.length >= 2, JSON.stringify(r.findings));
  assert.ok(r.findings.every((f) => f.findingType === "WARNING"), JSON.stringify(r.findings));
  const unknown = r.findings.find((f) => f.issueCode === "UNKNOWN_ACTION");
  assert.ok(unknown, JSON.stringify(r.findings));
  assert.equal(text.slice(unknown.locations[0].span.start.offset, unknown.locations[0].span.end.offset), '"s3:GetObjekt"');
  const pages = [];
  for await (const page of paginateValidatePolicy({ client, pageSize: 1 },
    { policyDocument: text, policyType: "IDENTITY_POLICY" })) {
    pages.push(page.findings);
  }
  assert.equal(pages.length, r.findings.length);
  assert.deepEqual(pages.flat(), r.findings);
});

await test("an invalid policy in a check is a ValidationException naming the member and the problem", async () => {
  const bad = doc([{ Effect: "allow", Principal: "*", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*" }]);
  const e = await rejects(client.send(new CheckNoPublicAccessCommand({ policyDocument: bad, resourceType: "AWS::S3::Bucket" })),
    ValidationException);
  assert.equal(e.$metadata.httpStatusCode, 400);
  assert.equal(e.reason, "fieldValidationFailed");
  assert.equal(e.fieldList[0].name, "policyDocument");
  assert.match(e.fieldList[0].message, /^\/Statement\/0\/Effect INVALID_EFFECT/);
});

await test("a resource type Hornbeam does not know is a ValidationException naming resourceType", async () => {
  const e = await rejects(client.send(new CheckNoPublicAccessCommand({ policyDocument: PUBLIC, resourceType: "AWS::EC2::Instance" })),
    ValidationException);
  assert.equal(e.reason, "notSupported");
  assert.deepEqual(e.fieldList.map((f) => f.name), ["resourceType"]);
});

await test("an unknown request member is a ValidationException naming it", async () => {
  const c = withRequest((req) => {
    const body = JSON.parse(req.body);
    body.blockNewAcess = true;
    req.body = JSON.stringify(body);
    req.headers["content-length"] = String(Buffer.byteLength(req.body));
  });
  const e = await rejects(c.send(new CheckNoNewAccessCommand({ existingPolicyDocument: PRIVATE, newPolicyDocument: WIDER,
    policyType: "RESOURCE_POLICY" })), ValidationException);
  assert.deepEqual(e.fieldList.map((f) => f.name), ["blockNewAcess"], e.message);
  assert.equal(e.reason, "fieldValidationFailed");
});

await test("a 1 ms deadline (x-hornbeam-deadline-millis) is FAIL, never PASS, with the reason", async () => {
  // A policy asked nowhere else (so no cached answer), not public: only the deadline can make it FAIL.
  const fresh = doc([{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::444455556666:root" }, Action: "s3:GetObject",
    Resource: "arn:aws:s3:::deadline-bucket/*", Condition: { StringEquals: { "aws:PrincipalTag/team": "x" + Date.now() } } }]);
  const quick = withRequest((req) => { req.headers["x-hornbeam-deadline-millis"] = "1"; });
  const r = await quick.send(new CheckNoPublicAccessCommand({ policyDocument: fresh, resourceType: "AWS::S3::Bucket" }));
  assert.equal(r.result, "FAIL");
  assert.match(r.message, /deadline/);
  const n = await quick.send(new CheckNoNewAccessCommand({ existingPolicyDocument: fresh, newPolicyDocument: fresh.replace("x", "y"),
    policyType: "RESOURCE_POLICY" }));
  assert.equal(n.result, "FAIL");
  assert.match(n.message, /deadline/);
  const generous = withRequest((req) => { req.headers["x-hornbeam-deadline-millis"] = "30000"; });
  const ok = await generous.send(new CheckNoPublicAccessCommand({ policyDocument: fresh, resourceType: "AWS::S3::Bucket" }));
  assert.equal(ok.result, "PASS", ok.message);
  const bad = withRequest((req) => { req.headers["x-hornbeam-deadline-millis"] = "soon"; });
  const e = await rejects(bad.send(new CheckNoPublicAccessCommand({ policyDocument: fresh, resourceType: "AWS::S3::Bucket" })),
    ValidationException);
  assert.deepEqual(e.fieldList.map((f) => f.name), ["x-hornbeam-deadline-millis"]);
});

if (process.env.HORNBEAM_TOKEN_ENDPOINT) {
  const endpoint = process.env.HORNBEAM_TOKEN_ENDPOINT;
  await test("with a token configured, a request signed with the token as the secret access key is answered", async () => {
    const signed = new AccessAnalyzerClient({ endpoint,
      credentials: { accessKeyId: "hornbeam", secretAccessKey: process.env.HORNBEAM_TOKEN } });
    const r = await signed.send(new CheckNoPublicAccessCommand({ policyDocument: PUBLIC, resourceType: "AWS::S3::Bucket" }));
    assert.equal(r.result, "FAIL");
  });
  await test("with a token configured, another secret is an AccessDeniedException", async () => {
    const wrong = new AccessAnalyzerClient({ endpoint,
      credentials: { accessKeyId: "hornbeam", secretAccessKey: process.env.HORNBEAM_TOKEN + "x" } });
    const e = await rejects(wrong.send(new CheckNoPublicAccessCommand({ policyDocument: PRIVATE, resourceType: "AWS::S3::Bucket" })),
      AccessDeniedException);
    assert.equal(e.$metadata.httpStatusCode, 403);
    const v = await rejects(wrong.send(new ValidatePolicyCommand({ policyDocument: PRIVATE, policyType: "RESOURCE_POLICY" })),
      AccessDeniedException);
    assert.match(v.message, /signature/);
  });
}

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
