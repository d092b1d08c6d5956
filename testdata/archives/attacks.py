#!/usr/bin/env python3
"""attacks.py - write hostile archives for tests/integration/archives.sh.

    python3 attacks.py OUTDIR [TOKEN]

Writes one archive per attack on an archive extractor into OUTDIR, plus
OUTDIR/manifest.tsv with one line per archive:

    file <TAB> attack <TAB> as-submission <TAB> as-package <TAB> word

as-submission is `refused` (the run's verdict is CE and its message holds
WORD) or `ok` (the archive is odd but its files stay inside the submission
folder: the program in it, Hello World in C, is judged AC).
as-package is `refused` (`arbiter verify` fails with a message holding
WORD), `broken` (unpacked, but not a package: `arbiter verify` fails with
some other message) or `skip: REASON` (too slow for a test: the caps that
stop it are the package's byte and entry caps, reached only after writing).

Every escape aims at `arbiter-escape-TOKEN`: `../../arbiter-escape-TOKEN`
relative to the destination, or `/tmp/arbiter-escape-TOKEN`; the test checks
that no such file exists afterwards.  TOKEN defaults to "test".

Only the standard library, and raw bytes wherever zipfile and tarfile
refuse to write a lie (sizes, names, link targets, PAX records).  The
output is deterministic (fixed dates, owners and gzip headers), small on
disk (bombs are a few KiB to 1 MiB packed) and fast to make.
"""
import gzip
import os
import random
import struct
import sys
import zlib

HELLO = b'#include <stdio.h>\nint main(void)\n{\n\tputs("Hello World!");\n\treturn 0;\n}\n'
MTIME = 1704067200  # 2024-01-01
DOS_TIME, DOS_DATE = 0, (2024 - 1980) << 9 | 1 << 5 | 1
MiB = 1 << 20


# ---- tar, by hand ---------------------------------------------------------

def tar_header(name, size=0, typ=b"0", mode=0o644, linkname=b"", major=0, minor=0):
    """One ustar header block; NAME and LINKNAME are bytes, cut to fit."""
    def octal(n, width):
        return (b"%0*o" % (width - 1, n))[-(width - 1):] + b"\0"
    h = bytearray(512)
    h[0:100] = name[:100].ljust(100, b"\0")
    h[100:108] = octal(mode, 8)
    h[108:116] = octal(0, 8)
    h[116:124] = octal(0, 8)
    h[124:136] = octal(size, 12)
    h[136:148] = octal(MTIME, 12)
    h[148:156] = b" " * 8
    h[156:157] = typ
    h[157:257] = linkname[:100].ljust(100, b"\0")
    h[257:265] = b"ustar\x0000"
    h[265:297] = b"arbiter".ljust(32, b"\0")
    h[297:329] = b"arbiter".ljust(32, b"\0")
    h[329:337] = octal(major, 8)
    h[337:345] = octal(minor, 8)
    h[148:156] = b"%06o\0 " % sum(h)
    return bytes(h)


def tar_pad(data):
    return data + b"\0" * (-len(data) % 512)


def tar_member(name, data=b"", **kw):
    return tar_header(name, len(data), **kw) + tar_pad(data)


def pax_records(records):
    """PAX extended header data: "LEN key=value\\n" with LEN counting itself."""
    out = b""
    for key, value in records:
        body = b" " + key + b"=" + value + b"\n"
        n = len(body) + 1
        while len(str(n).encode()) + len(body) != n:
            n += 1
        out += str(n).encode() + body
    return out


def pax_member(records, name=b"PaxHeader"):
    return tar_member(name, pax_records(records), typ=b"x")


def gnu_longname(name, typ=b"L"):
    return tar_member(b"././@LongLink", name + b"\0", typ=typ)


def tar(*members):
    return b"".join(members) + b"\0" * 1024


def gz(data, level=9):
    return gzip.compress(data, compresslevel=level, mtime=0)


def tar_many(n):
    """N empty files f/000000...: one header patched per name (fast)."""
    base = tar_header(b"")
    chk = sum(base[:148]) + 8 * ord(" ") + sum(base[156:])
    out = []
    for i in range(n):
        name = b"f/%06d" % i
        out.append(name + base[len(name):148] + b"%06o\0 " % (chk + sum(name)) + base[156:])
    return b"".join(out) + b"\0" * 1024


# ---- zip, by hand ---------------------------------------------------------

def deflate(data):
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    return c.compress(data) + c.flush()


def zip_entry(name, data, method=8, mode=0o100644, system=3, usize=None, csize=None,
              crc=None, payload=None, local_name=None):
    """An entry for zip_raw(): the real bytes are DATA; USIZE, CSIZE and CRC
    override what the headers declare; PAYLOAD the stored (compressed) bytes."""
    if payload is None:
        payload = deflate(data) if method == 8 else data
    return dict(name=name, local_name=name if local_name is None else local_name,
                payload=payload, method=method, mode=mode, system=system,
                crc=zlib.crc32(data) if crc is None else crc,
                usize=len(data) if usize is None else usize,
                csize=len(payload) if csize is None else csize)


def zip_raw(entries, share_data=False):
    """A zip file.  With SHARE_DATA every central entry points at the first
    local entry (an overlapping-file bomb)."""
    out, central, offsets = b"", b"", []
    for i, e in enumerate(entries):
        if share_data and i > 0:
            offsets.append(offsets[0])
            continue
        offsets.append(len(out))
        out += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, e["method"], DOS_TIME,
                           DOS_DATE, e["crc"], e["csize"], e["usize"],
                           len(e["local_name"]), 0) + e["local_name"] + e["payload"]
    for e, off in zip(entries, offsets):
        central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, e["system"] << 8 | 20, 20,
                               0, e["method"], DOS_TIME, DOS_DATE, e["crc"], e["csize"],
                               e["usize"], len(e["name"]), 0, 0, 0, 0,
                               (e["mode"] << 16) & 0xFFFFFFFF, off) + e["name"]
    eocd = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries),
                       len(central), len(out), 0)
    return out + central + eocd


def zeros_deflated(n_mib):
    """Raw deflate of N_MIB MiB of zeros without compressing them all: after
    a full flush the compressor starts afresh, so every 1 MiB block of zeros
    compresses to the same bytes."""
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = c.compress(b"\0" * MiB) + c.flush(zlib.Z_FULL_FLUSH)
    tail = c.flush()
    return block * n_mib + tail, zeros_crc(n_mib)


def zeros_crc(n_mib, crc=0):
    zero = b"\0" * (16 * MiB)
    for _ in range(n_mib // 16):
        crc = zlib.crc32(zero, crc)
    return zlib.crc32(b"\0" * (n_mib % 16 * MiB), crc)


def gz_zeros_tar(name, n_mib):
    """A gzip'd tar holding NAME, N_MIB MiB of zeros, made the same way."""
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    head = c.compress(tar_header(name, n_mib * MiB)) + c.flush(zlib.Z_FULL_FLUSH)
    block = c.compress(b"\0" * MiB) + c.flush(zlib.Z_FULL_FLUSH)
    tail = c.compress(b"\0" * 1024) + c.flush()
    crc = zeros_crc(n_mib, zlib.crc32(tar_header(name, n_mib * MiB)))
    crc = zlib.crc32(b"\0" * 1024, crc)
    size = (512 + n_mib * MiB + 1024) & 0xFFFFFFFF
    header = b"\x1f\x8b\x08\x00" + struct.pack("<I", 0) + b"\x02\xff"
    return header + head + block * n_mib + tail + struct.pack("<II", crc, size)


# ---- the attacks ----------------------------------------------------------

def attacks(token):
    esc = b"arbiter-escape-" + token
    up = b"../../" + esc
    absolute = b"/tmp/" + esc
    hello = tar_member(b"main.c", HELLO)
    A = []

    def add(file, what, sub, pkg, word, data):
        A.append((file, what, sub, pkg, word, data))

    # Names that leave the destination.
    add("dotdot.tar.gz", "tar entry ../../escape", "refused", "refused", "leaves",
        gz(tar(hello, tar_member(up, b"pwned\n"))))
    add("dotdot.zip", "zip entry ../../escape", "refused", "refused", "leaves",
        zip_raw([zip_entry(b"main.c", HELLO), zip_entry(up, b"pwned\n")]))
    add("dotdot-inner.tar", "tar entry a/../../escape (.. in the middle)", "refused",
        "refused", "leaves", tar(tar_member(b"a/", typ=b"5", mode=0o755),
                                 tar_member(b"a/" + up, b"pwned\n")))
    add("absolute.tar", "tar entry /tmp/escape", "refused", "refused", "absolute",
        tar(hello, tar_member(absolute, b"pwned\n")))
    add("absolute.zip", "zip entry /tmp/escape", "refused", "refused", "absolute",
        zip_raw([zip_entry(absolute, b"pwned\n")]))
    add("backslash.zip", "zip entry ..\\..\\escape from a DOS zip (backslashes)",
        "refused", "refused", "leaves",
        zip_raw([zip_entry(b"main.c", HELLO, system=0, mode=0),
                 zip_entry(up.replace(b"/", b"\\"), b"pwned\n", system=0, mode=0)]))
    add("pax-path.tar", "PAX path=../../escape over the benign ustar name main.c",
        "refused", "refused", "leaves",
        tar(pax_member([(b"path", up)]), tar_member(b"main.c", b"pwned\n")))
    add("pax-abs.tar", "PAX path=/tmp/escape over a benign ustar name", "refused",
        "refused", "absolute",
        tar(pax_member([(b"path", absolute)]), tar_member(b"main.c", b"pwned\n")))
    long_benign = b"d" * 90 + b"/main.c"
    add("pax-longname.tar", "long name: the ustar field says d*90/main.c, the PAX record ../../escape",
        "refused", "refused", "leaves",
        tar(pax_member([(b"path", b"x/" * 10 + b"../" * 12 + esc)]),
            tar_member(long_benign, b"pwned\n")))
    add("gnu-longlink.tar", "GNU ././@LongLink name ../../escape (padded past 100 bytes)",
        "refused", "refused", "leaves",
        tar(gnu_longname(b"./" * 60 + up), tar_member(b"main.c", b"pwned\n")))

    # Links.
    add("symlink-dir.tar", "symlink lnk -> /tmp, then the file lnk/escape through it",
        "refused", "refused", "symbolic",
        tar(tar_header(b"lnk", typ=b"2", mode=0o777, linkname=b"/tmp"),
            tar_member(b"lnk/" + esc, b"pwned\n")))
    add("symlink-root.zip", "zip symlink lnk -> / (S_IFLNK mode), then lnk/tmp/escape",
        "refused", "refused", "symbolic",
        zip_raw([zip_entry(b"lnk", b"/", method=0, mode=0o120777),
                 zip_entry(b"lnk/tmp/" + esc, b"pwned\n")]))
    add("gnu-longlink-symlink.tar", "symlink whose GNU ././@LongLink target is ../../escape",
        "refused", "refused", "symbolic",
        tar(gnu_longname(b"./" * 60 + up, typ=b"K"),
            tar_header(b"lnk", typ=b"2", mode=0o777, linkname=b"x")))
    add("hardlink-passwd.tar", "hard link main.c -> /etc/passwd", "refused", "refused",
        "hard links", tar(tar_header(b"main.c", typ=b"1", linkname=b"/etc/passwd")))
    add("hardlink-dotdot.tar", "hard link x -> ../../escape, then data written to x",
        "refused", "refused", "hard links",
        tar(tar_header(b"x", typ=b"1", linkname=up), tar_member(b"x", b"pwned\n")))
    add("dup-file-symlink.tar", "main.c as a file, then main.c as a symlink to /tmp/escape",
        "refused", "refused", "symbolic",
        tar(hello, tar_header(b"main.c", typ=b"2", mode=0o777, linkname=absolute)))
    add("dup-file.tar", "main.c twice (the second would replace the first)", "refused",
        "refused", "duplicate", tar(hello, tar_member(b"main.c", b"pwned\n")))
    add("dup-dir-file.tar", "directory d/, then a file named d", "refused", "refused",
        "duplicate", tar(hello, tar_member(b"d/", typ=b"5", mode=0o755),
                         tar_member(b"d", b"pwned\n")))

    # Special files and modes.
    add("chardev.tar", "character device /dev/null (1,3) as main.c", "refused", "refused",
        "device", tar(tar_header(b"main.c", typ=b"3", major=1, minor=3)))
    add("blockdev.tar", "block device (8,0) as disk", "refused", "refused", "device",
        tar(hello, tar_header(b"disk", typ=b"4", major=8, minor=0)))
    add("fifo.tar", "FIFO as main.c (a reader would block)", "refused", "refused",
        "named pipes", tar(tar_header(b"main.c", typ=b"6")))
    add("setuid.tar.gz", "setuid+setgid main.c, sticky world-writable dir: bits dropped",
        "ok", "broken", "",
        gz(tar(tar_member(b"main.c", HELLO, mode=0o6777),
               tar_member(b"d/", typ=b"5", mode=0o1777),
               tar_member(b"d/x.h", b"", mode=0o4755))))

    # Odd names.
    add("name-newline.tar", "entry name with a newline (forges log lines)", "refused",
        "refused", "control character", tar(hello, tar_member(b"a\nb.c", b"")))
    add("name-nul.zip", "zip name main.c<NUL>/../../escape (read as main.c: contained)",
        "ok", "broken", "",
        zip_raw([zip_entry(b"main.c\0/" + up, HELLO)]))
    add("name-long.tar", "PAX path with a 300-byte component", "refused", "refused",
        "longer than", tar(hello, pax_member([(b"path", b"a" * 300)]),
                           tar_member(b"x.c", b"")))
    add("deep.tar", "a file nested 40 directories deep", "refused", "refused",
        "nested", tar(hello, tar_member(b"d/" * 40 + b"x.c", b"")))

    # Sizes and counts.
    bomb, crc = zeros_deflated(1024)
    add("zip-bomb.zip", "1 GiB of zeros deflated into 1 MiB", "refused",
        "skip: bounded by the 1 GiB package cap, too slow to write in a test",
        "larger than", zip_raw([zip_entry(b"main.c", b"", payload=bomb, crc=crc,
                                          usize=1 << 30)]))
    kernel, kcrc = zeros_deflated(10)
    # libarchive's seekable zip reader keeps one entry per local header, so
    # this unpacks as one 10 MiB file: over a submission's ratio cap, and a
    # package without tests.
    add("zip-overlap.zip", "overlapping-entry bomb: 1000 names share one 10 MiB deflate stream",
        "refused", "broken", "expands more than",
        zip_raw([zip_entry(b"f%04d.c" % i, b"", payload=kernel, crc=kcrc,
                           usize=10 * MiB, local_name=b"f0000.c") for i in range(1000)],
                share_data=True))
    inner = zip_raw([zip_entry(b"bomb.c", b"", payload=kernel, crc=kcrc, usize=10 * MiB)])
    add("zip-nested.zip", "a zip bomb inside a zip next to main.c: never unpacked",
        "ok", "broken", "", zip_raw([zip_entry(b"main.c", HELLO),
                                     zip_entry(b"inner.zip", inner, method=0)]))
    tgz_bomb = gz_zeros_tar(b"main.c", 256)
    add("tgz-bomb.tar.gz", "tar.gz of 256 MiB of zeros in one file", "refused",
        "skip: bounded by the 1 GiB package cap, too slow to write in a test",
        "larger than", tgz_bomb)
    add("tgz-bomb-double.tar.gz", "gzip of a gzip'd tar of 256 MiB of zeros (1 KiB)",
        "refused", "refused", "expands more than", gz(tgz_bomb))
    add("zip-size-lies.zip", "zip headers declare 5 bytes, the data inflates to 1 MiB",
        "refused", "refused", "archive", zip_raw([zip_entry(
            b"main.c", HELLO + b"\n" * (MiB - len(HELLO)), usize=5)]))
    add("zip-size-lies-big.zip", "zip headers declare 4 GiB, the data is a small program",
        "refused", "refused", "archive", zip_raw([zip_entry(b"main.c", HELLO,
                                                            usize=0xFFFFFFF0)]))
    add("zip-crc-lies.zip", "zip CRC does not match the data", "refused", "refused",
        "archive", zip_raw([zip_entry(b"main.c", HELLO, crc=0x12345678)]))
    add("sparse.tar", "PAX GNU sparse member declaring 1 TiB with one byte of data",
        "refused", "refused", "expands more than",
        tar(pax_member([(b"GNU.sparse.major", b"0"), (b"GNU.sparse.minor", b"1"),
                        (b"GNU.sparse.name", b"main.c"),
                        (b"GNU.sparse.realsize", b"1099511627776"),
                        (b"GNU.sparse.map", b"1099511627775,1")]),
            tar_member(b"GNUSparseFile.0/main.c", b"x")))
    n = 200001
    add("many-entries.tar.gz", "%d empty files (more than the package cap)" % n,
        "refused", "skip: refused at the 200000-entry package cap after ~30 s of creating files",
        "more than", gz(tar_many(n), 6))
    add("truncated.tar.gz", "gzip'd tar cut in the middle of a member", "refused",
        "refused", "archive", gz(tar(hello, tar_member(b"x.c", random.Random(1).randbytes(8000))))[:4000])
    return A


def main():
    if len(sys.argv) not in (2, 3):
        sys.exit("usage: attacks.py OUTDIR [TOKEN]")
    out = sys.argv[1]
    token = (sys.argv[2] if len(sys.argv) == 3 else "test").encode()
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "manifest.tsv"), "w") as m:
        m.write("# file\tattack\tas-submission\tas-package\tword\n")
        for file, what, sub, pkg, word, data in attacks(token):
            with open(os.path.join(out, file), "wb") as f:
                f.write(data)
            m.write("\t".join((file, what, sub, pkg, word)) + "\n")


if __name__ == "__main__":
    main()
