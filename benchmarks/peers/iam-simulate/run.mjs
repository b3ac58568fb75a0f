// Peer runner for hornbeam-bench peers: @cloud-copilot/iam-simulate's S3 Block Public Access classifier,
// classifyS3RuntimePublicBucketPolicy (dist/esm/services/s3/s3BlockPublicAccess.js), the function its
// S3ServiceAuthorizer calls to decide whether a bucket policy is public (RestrictPublicBuckets). The package
// does not export it from its index, so it is imported by file; the policy is loaded with
// @cloud-copilot/iam-policy's loadPolicy, as the simulator does.
//
// Usage: node run.mjs [--warmup] < file-list
// Reads policy file paths, one per line, on stdin. Prints one line per policy on stdout:
//   <path> TAB public|not-public|error TAB <nanoseconds> TAB <detail>
// The time is this process's own (JSON.parse + loadPolicy + classify), not its start-up; reading the file
// is not timed. With --warmup every policy is first answered once, untimed (the JIT's first pass).
import { readFileSync } from 'node:fs'
import { loadPolicy } from '@cloud-copilot/iam-policy'
import { classifyS3RuntimePublicBucketPolicy } from './node_modules/@cloud-copilot/iam-simulate/dist/esm/services/s3/s3BlockPublicAccess.js'

function answer(text) {
  return classifyS3RuntimePublicBucketPolicy(loadPolicy(JSON.parse(text)))
}

const paths = readFileSync(0, 'utf8').split('\n').filter((l) => l.trim() !== '')
const texts = paths.map((p) => readFileSync(p, 'utf8'))
if (process.argv.includes('--warmup')) {
  for (const t of texts) {
    try {
      answer(t)
    } catch (e) {
      // answered again below
    }
  }
}
const lines = []
for (let i = 0; i < paths.length; i++) {
  const start = process.hrtime.bigint()
  let result
  let detail = ''
  try {
    const c = answer(texts[i])
    result = c.result === 'public' ? 'public' : 'not-public'
    if (c.result === 'public') {
      detail = 'statements ' + c.publicStatements.map((s) => s.index + (s.sid ? ' (' + s.sid + ')' : '')).join(', ')
    }
  } catch (e) {
    result = 'error'
    detail = String(e && e.message ? e.message : e)
  }
  const ns = process.hrtime.bigint() - start
  lines.push(paths[i] + '\t' + result + '\t' + ns + '\t' + detail.replace(/[\t\n]/g, ' '))
}
process.stdout.write(lines.join('\n') + (lines.length ? '\n' : ''))
