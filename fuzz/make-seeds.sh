#!/bin/sh
# make-seeds.sh - regenerate the seed corpora of testdata/fuzz/ from the
# checked-in fixtures (see fuzz/README.md for the input format of each
# harness).  Seeds are small valid and invalid inputs; libFuzzer mutates
# copies of them (make fuzz) and make fuzz-smoke runs each once.
#
#   msg/       submission JSON: the shapes tests/unit/check_msg.c decodes
#   problem/   problem.yaml (+ testdata.yaml, test_group.yaml, .timelimit,
#              domjudge-problem.ini) of testdata/problems-good and -bad
#   intake/    testdata/archives, plus tar, tar.xz and refused members
#              (links, devices, FIFOs, setuid, absolute, .., long names)
#              and archives over the harness's caps
#   validate/  flags \0 answer \0 output, as tests/unit/check_validate.c
#   lang/      policies/languages.yaml and testdata/languages-bad/
#   policy/    policies/default.yaml and testdata/policies-bad/
#
# Deterministic (fixed timestamps, owners and compression): rerunning it
# gives byte-identical files.  Files named crash-* (inputs that once
# crashed a fixed bug) are kept; everything else is rewritten.
set -eu
cd "$(dirname "$0")/.."
python3 - <<'PY'
import base64, glob, gzip, hashlib, io, lzma, os, tarfile, zipfile

OUT = "testdata/fuzz"

def reset(name):
    d = os.path.join(OUT, name)
    os.makedirs(d, exist_ok=True)
    for f in os.listdir(d):
        if not f.startswith("crash-"):
            os.remove(os.path.join(d, f))
    return d

def put(d, name, data, seen):
    if isinstance(data, str):
        data = data.encode()
    h = hashlib.sha1(data).hexdigest()
    if h in seen:          # identical inputs add nothing
        return
    seen.add(h)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)

def read(path):
    with open(path, "rb") as f:
        return f.read()

# --- msg ----------------------------------------------------------------
d, seen = reset("msg"), set()
zip_b64 = base64.b64encode(read("testdata/archives/good.zip")).decode()
PL = '"problem":"p","language":"c",'
msgs = {
    "source": '{"id":"s-42","problem":"hello","language":"python3",'
              '"source":"print(\'hi\')\\n","limits":{"time_ms":1500,'
              '"memory_kb":262144,"output_kb":64},"run_all_tests":true,'
              '"meta":{"course":"cs1","k":1},"priority":5,"future":[1]}',
    "minimal": '{"id":"a",' + PL + '"source":""}',
    "meta-null": '{"id":"a",' + PL + '"source":"x","meta":null,'
                 '"run_all_tests":false,"limits":{}}',
    "alphabets": '{"id":"!~A-z_0.9:/#","problem":"a.b-C_1 x",'
                 '"language":"0c++_-","source":"x"}',
    "nul-utf8": '{"id":"a",' + PL + '"source":"a\\u0000b\\u00e9"}',
    "files": '{"id":"f","problem":"multifile","language":"c","files":'
             '{"main.c":"int main(void){}\\n","lib/util.h":"","a.c":"\\u0000"}}',
    "files-dotdot": '{"id":"f",' + PL + '"files":{"../x":"y"}}',
    "archive": '{"id":"z",' + PL + '"archive":"' + zip_b64 + '"}',
    "archive-wrapped": '{"id":"z",' + PL + '"archive":"' + zip_b64[:40] +
                       '\\n' + zip_b64[40:] + '"}',
    "java": '{"id":"j","problem":"p","language":"java","source":'
            '"// public class X {}\\npackage a.b;\\n@Foo(Bar.class)\\n'
            'public final class Hello { public static void main(String[] a) {'
            ' String s = \\"public class Y\\"; } }\\n"}',
    "bad-json": '{"id":',
    "bad-trailing": '{"id":"a"} x',
    "bad-no-id": '{"meta":{"k":1},' + PL + '"source":"x"}',
    "bad-id-space": '{"id":"s 1","meta":{"k":1},' + PL + '"source":"x"}',
    "bad-id-control": '{"id":"s\\u007f",' + PL + '"source":"x"}',
    "bad-dup-key": '{"id":"a","id":"b",' + PL + '"source":"x"}',
    "bad-two-bodies": '{"id":"a",' + PL + '"source":"x","files":{"a.c":""}}',
    "bad-limit": '{"id":"a",' + PL + '"source":"x","limits":'
                 '{"time_ms":1.5,"stack_kb":1}}',
    "bad-limit-huge": '{"id":"a",' + PL + '"source":"x","limits":'
                      '{"memory_kb":9223372036854775807}}',
    "bad-problem": '{"id":"a","problem":"../etc","language":"c","source":"x"}',
    "bad-language": '{"id":"a","problem":"p","language":"C#","source":"x"}',
    "bad-base64": '{"id":"z",' + PL + '"archive":"QUJD="}',
    "not-object": '[1,2,3]',
}
for name, text in msgs.items():
    put(d, name + ".json", text, seen)

# --- problem ------------------------------------------------------------
d, seen = reset("problem"), set()
PARTS = [["problem.yaml"], ["data/testdata.yaml"],
         ["data/secret/test_group.yaml", "data/secret/testdata.yaml"],
         [".timelimit"], ["domjudge-problem.ini"]]
for kind in ("good", "bad"):
    for pkg in sorted(glob.glob("testdata/problems-%s/*/" % kind)):
        parts = []
        for names in PARTS:
            found = [n for n in names if os.path.isfile(pkg + n)]
            parts.append(read(pkg + found[0]) if found else None)
        while parts and parts[-1] is None:
            parts.pop()
        if not parts:
            continue
        # An absent part in the middle is written empty.
        data = b"\0".join(p if p is not None else b"" for p in parts)
        put(d, "%s-%s" % (kind, os.path.basename(pkg.rstrip("/"))), data, seen)

# --- intake -------------------------------------------------------------
d, seen = reset("intake"), set()
for f in sorted(glob.glob("testdata/archives/*")):
    if not f.endswith(".sh"):
        put(d, os.path.basename(f), read(f), seen)
MAIN = b'#include "util.h"\nint main(void) { return twice(0); }\n'
UTIL = b"static inline int twice(int x) { return 2 * x; }\n"

def tar_of(members, fmt=tarfile.USTAR_FORMAT):
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=fmt) as t:
        for m in members:
            info = tarfile.TarInfo(m["name"])
            info.mtime, info.uname, info.gname = 1704067200, "arbiter", "arbiter"
            info.type = m.get("type", tarfile.REGTYPE)
            info.mode = m.get("mode", 0o755 if info.type == tarfile.DIRTYPE else 0o644)
            info.linkname = m.get("link", "")
            info.devmajor, info.devminor = m.get("dev", (0, 0))
            data = m.get("data", b"")
            info.size = len(data) if info.type == tarfile.REGTYPE else 0
            t.addfile(info, io.BytesIO(data) if info.size else None)
    return raw.getvalue()

def gz(data):
    out = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=out, mtime=0) as g:
        g.write(data)
    return out.getvalue()

def plain(data):
    # Uncompressed, cut after the two zero blocks that end a tar (python
    # pads to 10 KiB): headers the fuzzer can mutate directly.
    end = len(data)
    while end >= 512 and data[end - 512:end] == bytes(512):
        end -= 512
    return data[:end + 1024]

def zip_of(members, method=zipfile.ZIP_DEFLATED):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", method) as z:
        for name, data, mode in members:
            info = zipfile.ZipInfo(name, (2024, 1, 1, 0, 0, 0))
            info.compress_type = method
            info.external_attr = mode << 16
            z.writestr(info, data)
    return out.getvalue()

refused_link = {"name": "link", "type": tarfile.SYMTYPE, "link": "../x"}
good = [{"name": "src", "type": tarfile.DIRTYPE},
        {"name": "src/main.c", "data": MAIN},
        {"name": "src/util.h", "data": UTIL, "mode": 0o755}]
put(d, "dirs.tar.gz", gz(tar_of(good)), seen)
put(d, "dirs.tar.xz", lzma.compress(tar_of(good), format=lzma.FORMAT_XZ,
                                    check=lzma.CHECK_CRC64, preset=6), seen)
put(d, "plain.tar", plain(tar_of(good)), seen)
put(d, "plain-pax.tar", plain(tar_of(
    [{"name": "d/" + "p" * 120 + ".c", "data": MAIN}], tarfile.PAX_FORMAT)), seen)
put(d, "plain-symlink.tar", plain(tar_of(
    [{"name": "main.c", "data": MAIN}, refused_link])), seen)
put(d, "stored.zip", zip_of([("src/", b"", 0o40755), ("src/main.c", MAIN, 0o100644),
                             ("util.h", UTIL, 0o100755)], zipfile.ZIP_STORED), seen)
put(d, "pax-long-name.tar.gz", gz(tar_of(
    [{"name": "d/" + "n" * 120 + ".c", "data": MAIN}], tarfile.PAX_FORMAT)), seen)
put(d, "gnu-long-name.tar.gz", gz(tar_of(
    [{"name": "d/" + "g" * 120 + ".c", "data": MAIN}], tarfile.GNU_FORMAT)), seen)
refused = {
    "symlink": {"name": "link", "type": tarfile.SYMTYPE, "link": "/etc/passwd"},
    "hardlink": {"name": "hard", "type": tarfile.LNKTYPE, "link": "main.c"},
    "chardev": {"name": "null", "type": tarfile.CHRTYPE, "dev": (1, 3)},
    "fifo": {"name": "pipe", "type": tarfile.FIFOTYPE},
    "setuid": {"name": "suid.c", "data": MAIN, "mode": 0o4755},
    "absolute": {"name": "/tmp/abs.c", "data": MAIN},
    "dotdot": {"name": "a/../../up.c", "data": MAIN},
    "dup": {"name": "main.c", "data": UTIL},
}
for name, m in refused.items():
    put(d, name + ".tar.gz", gz(tar_of([{"name": "main.c", "data": MAIN}, m])), seen)
put(d, "zip-symlink.zip", zip_of([("main.c", MAIN, 0o100644),
                                  ("link", b"/etc/passwd", 0o120777)]), seen)
put(d, "zip-dirs.zip", zip_of([("src/", b"", 0o40755),
                               ("src/main.c", MAIN, 0o100644)]), seen)
put(d, "zeros.tar.gz", gz(tar_of([{"name": "z.txt", "data": b"\0" * 65536}])), seen)
# Over the harness's caps (fuzz_intake.c): a file, the total, the entries.
put(d, "cap-file.tar.gz", gz(tar_of([{"name": "big.txt", "data": b"\0" * (300 << 10)}])), seen)
put(d, "cap-total.zip", zip_of([("f%d.txt" % i, b"\0" * (200 << 10), 0o100644)
                                for i in range(6)]), seen)
put(d, "cap-entries.tar.gz", gz(tar_of([{"name": "f%02d.c" % i, "data": b"x"}
                                        for i in range(70)])), seen)

# --- validate -----------------------------------------------------------
d, seen = reset("validate"), set()
vals = {
    "identical": ("", "1 2 3\n", "1 2 3\n"),
    "spaces": ("", "1 2 3\n", "1   2\t\t3\r\n"),
    "wrong": ("", "1 2 3\n", "1 2 4\n"),
    "short": ("", "1 2 3\n", "1 2\n"),
    "extra": ("", "1\n", "1\n2\n"),
    "case": ("case_sensitive", "Yes\n", "YES\n"),
    "space-change": ("space_change_sensitive", "1 2\n", "1  2\n"),
    "float": ("float_tolerance 1e-6", "3.14159\n", "3.1415905\n"),
    "float-abs": ("float_absolute_tolerance 1e-3", "-0.5e2 1.\n", "-50.0009 1\n"),
    "float-rel": ("float_relative_tolerance 1e-6 case_sensitive", ".5E-300\n", "5e-301\n"),
    "float-junk": ("float_tolerance 0.1", "1 inf nan 0x1p3\n", "1 inf nan 8\n"),
    "nul-output": ("", "a b\n", "a\0b\n"),
    "utf8": ("", "h\xc3\xa9llo \xe2\x80\xae\n", "h\xc3\xa9llo \xe2\x80\xad\x1b[31m\n"),
    "bad-flag": ("float_tolerance", "1\n", "1\n"),
    "bad-number": ("float_tolerance -1 frobnicate", "1\n", "1\n"),
}
for name, (flags, ans, out) in vals.items():
    put(d, name, ("%s\0%s\0%s" % (flags, ans, out)).encode("latin-1"), seen)
put(d, "self", "1 2 3\nlong-" + "x" * 5000 + "\n", seen)

# --- lang, policy ---------------------------------------------------------
for name, real, bad in (("lang", "policies/languages.yaml", "testdata/languages-bad"),
                        ("policy", "policies/default.yaml", "testdata/policies-bad")):
    d, seen = reset(name), set()
    put(d, "good-" + os.path.basename(real), read(real), seen)
    for f in sorted(glob.glob(bad + "/*.yaml")):
        put(d, "bad-" + os.path.basename(f), read(f), seen)
PY
for d in testdata/fuzz/*/; do
	printf '%s: %s files\n' "$d" "$(ls "$d" | wc -l)"
done
