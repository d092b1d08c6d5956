#!/usr/bin/env node
// Submit one source file to arbiter through Redis and wait for its verdict.
//
//   submit.js [--redis URL] [--prefix P] [--lang L] [--id ID] [--timeout S] PROBLEM FILE
//
// The protocol is CONTRACT.md's: the submission goes to the stream
// <prefix>submissions as one field, `submission`, a JSON object with `id`,
// `problem`, `language` and `source`.  The result comes back as an entry of
// <prefix>results and is also stored at <prefix>result:<id>.  We note the
// end of the results stream before submitting, then follow it from there
// (so a result appended at once is not missed) and look the id up after
// each read (so a result already stored, for a reused id, is found too).
//
// Prints the verdict, then the result JSON.  Exit status: 0 when a verdict
// came back (whatever it is), 1 on JE, a timeout or a Redis error, 2 on a
// usage error.  Needs node-redis v4 (Debian: node-redis, with
// NODE_PATH=/usr/share/nodejs).
'use strict';
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const { parseArgs } = require('util');
const { createClient } = require('redis');

// Extension -> language id of policies/languages.yaml.
const LANGUAGES = { '.c': 'c', '.cpp': 'cpp', '.cc': 'cpp', '.cxx': 'cpp', '.py': 'python3',
  '.java': 'java', '.js': 'javascript', '.rs': 'rust' };
const USAGE = 'usage: submit.js [--redis URL] [--prefix P] [--lang L] [--id ID] [--timeout S] PROBLEM FILE';

function usage(msg) {
  console.error(`${USAGE}\nsubmit.js: ${msg}`);
  process.exit(2);
}

// node-redis takes redis:// URLs; a unix:///path URL becomes a socket path.
// A client that loses Redis fails its command instead of retrying forever.
function redisOptions(url) {
  const socket = { connectTimeout: 5000, reconnectStrategy: () => new Error('connection lost') };
  if (!url.startsWith('unix://')) return { url, socket };
  const u = new URL(url);
  return { socket: { ...socket, path: u.pathname }, database: Number(u.searchParams.get('db') || 0) };
}

// Queue SUBMISSION and resolve to its result, or null on timeout.
async function submitAndWait(client, prefix, submission, timeoutS) {
  const results = `${prefix}results`;
  const last = await client.xRevRange(results, '+', '-', { COUNT: 1 });
  let tail = last.length ? last[0].id : '0-0';
  await client.xAdd(`${prefix}submissions`, '*', { submission: JSON.stringify(submission) });
  const deadline = Date.now() + timeoutS * 1000;
  for (;;) {
    const stored = await client.get(`${prefix}result:${submission.id}`);
    if (stored !== null) return JSON.parse(stored);
    const leftMs = deadline - Date.now();
    if (leftMs <= 0) return null;
    const reply = await client.xRead({ key: results, id: tail },
      { COUNT: 100, BLOCK: Math.min(leftMs, 1000) });
    for (const { messages } of reply || []) {
      for (const { id, message } of messages) {
        tail = id;
        const result = JSON.parse(message.result);
        if (result.id === submission.id) return result;
      }
    }
  }
}

async function main() {
  let opts;
  try {
    opts = parseArgs({
      allowPositionals: true,
      options: {
        redis: { type: 'string', default: process.env.ARBITER_REDIS || 'redis://127.0.0.1:6379' },
        prefix: { type: 'string', default: 'arbiter:' },
        lang: { type: 'string' },
        id: { type: 'string' },
        timeout: { type: 'string', default: '60' },
      },
    });
  } catch (e) {
    usage(e.message);
  }
  const { values: o, positionals } = opts;
  if (positionals.length !== 2) usage('give PROBLEM and FILE');
  const [problem, file] = positionals;
  const timeoutS = Number(o.timeout);
  if (!(timeoutS > 0)) usage(`--timeout: '${o.timeout}' is not a positive number`);
  const language = o.lang || LANGUAGES[path.extname(file)];
  if (!language) usage(`cannot tell the language of '${file}': give --lang`);
  let source;
  try {
    source = fs.readFileSync(file, 'utf8');
  } catch (e) {
    usage(`read '${file}': ${e.message}`);
  }
  const submission = { id: o.id || `js-${crypto.randomUUID()}`, problem, language, source };

  const client = createClient(redisOptions(o.redis));
  client.on('error', () => {}); // reported by the failing command below
  let result;
  try {
    await client.connect();
    result = await submitAndWait(client, o.prefix, submission, timeoutS);
    await client.quit();
  } catch (e) {
    // QUIT would wait forever on a dead connection: drop it instead.
    if (client.isOpen) await client.disconnect();
    console.error(`submit.js: redis ${o.redis}: ${(e.socketError || e).message}`);
    return 1;
  }
  if (result === null) {
    console.error(`submit.js: no result for '${submission.id}' after ${timeoutS} s (is a worker running?)`);
    return 1;
  }
  console.log(`verdict: ${result.verdict}`);
  console.log(JSON.stringify(result, null, 2));
  return result.verdict === 'JE' ? 1 : 0;
}

main().then((code) => { process.exitCode = code; });
