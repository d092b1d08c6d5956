#!/usr/bin/env python3
"""Submit one source file to arbiter through Redis and wait for its verdict.

    submit.py [--redis URL] [--prefix P] [--lang L] [--id ID] [--timeout S] PROBLEM FILE

The protocol is CONTRACT.md's: the submission goes to the stream
<prefix>submissions as one field, `submission`, a JSON object with `id`,
`problem`, `language` and `source`.  The result comes back as an entry of
<prefix>results and is also stored at <prefix>result:<id>.  We note the end
of the results stream before submitting, then follow it from there (so a
result appended at once is not missed) and look the id up after each read
(so a result that was already stored, for a reused id, is found too).

Prints the verdict, then the result JSON.  Exit status: 0 when a verdict
came back (whatever it is), 1 on JE, a timeout or a Redis error, 2 on a
usage error.  Needs redis-py (Debian: python3-redis).
"""
import argparse
import json
import os
import sys
import time
import uuid

import redis

# Extension -> language id of policies/languages.yaml.
LANGUAGES = {".c": "c", ".cpp": "cpp", ".cc": "cpp", ".cxx": "cpp", ".py": "python3",
             ".java": "java", ".js": "javascript", ".rs": "rust"}


def submit_and_wait(r, prefix, submission, timeout_s):
    """Queue SUBMISSION and return its result (a dict), or None on timeout."""
    results = prefix + "results"
    last = r.xrevrange(results, count=1)
    tail = last[0][0] if last else "0-0"
    r.xadd(prefix + "submissions", {"submission": json.dumps(submission)})
    deadline = time.monotonic() + timeout_s
    while True:
        stored = r.get(prefix + "result:" + submission["id"])
        if stored is not None:
            return json.loads(stored)
        left_ms = int((deadline - time.monotonic()) * 1000)
        if left_ms <= 0:
            return None
        for _, entries in r.xread({results: tail}, count=100, block=min(left_ms, 1000)):
            for entry_id, fields in entries:
                tail = entry_id
                result = json.loads(fields["result"])
                if result.get("id") == submission["id"]:
                    return result


def main():
    ap = argparse.ArgumentParser(description="Submit a source file to arbiter and wait.")
    ap.add_argument("--redis", default=os.environ.get("ARBITER_REDIS", "redis://127.0.0.1:6379"),
                    help="redis://[:password@]host[:port][/db] or unix:///path (ARBITER_REDIS)")
    ap.add_argument("--prefix", default="arbiter:", help="key prefix (default: arbiter:)")
    ap.add_argument("--lang", help="language id (default: from the file's extension)")
    ap.add_argument("--id", help="submission id (default: a fresh UUID)")
    ap.add_argument("--timeout", type=float, default=60, help="seconds to wait (default: 60)")
    ap.add_argument("problem")
    ap.add_argument("file")
    args = ap.parse_args()

    language = args.lang or LANGUAGES.get(os.path.splitext(args.file)[1])
    if not language:
        ap.error(f"cannot tell the language of '{args.file}': give --lang")
    try:
        with open(args.file, encoding="utf-8") as f:
            source = f.read()
    except (OSError, UnicodeDecodeError) as e:
        ap.error(f"read '{args.file}': {e}")
    submission = {"id": args.id or f"py-{uuid.uuid4()}", "problem": args.problem,
                  "language": language, "source": source}

    try:
        # socket_timeout bounds connecting too; XREAD blocks 1 s at most.
        r = redis.Redis.from_url(args.redis, decode_responses=True, socket_timeout=5)
        result = submit_and_wait(r, args.prefix, submission, args.timeout)
    except redis.RedisError as e:
        print(f"submit.py: redis {args.redis}: {e}", file=sys.stderr)
        return 1
    if result is None:
        print(f"submit.py: no result for '{submission['id']}' after {args.timeout:g} s "
              "(is a worker running?)", file=sys.stderr)
        return 1
    print(f"verdict: {result['verdict']}")
    print(json.dumps(result, indent=2))
    return 1 if result["verdict"] == "JE" else 0


if __name__ == "__main__":
    sys.exit(main())
