#!/usr/bin/env python3
"""Archives made by real tools, and facts about them read by Python's zipfile: the ArchiveCheck tests' oracle.

  ziptool.py make KIND OUT     writes sample files and archives them into OUT with the tool KIND names;
                               Info-ZIP's `unzip -t` must accept the result
  ziptool.py facts ARCHIVE     prints JSON: length, central directory offset, and per entry name, CRC-32, size,
                               local header offset and data offset (zipfile's reading, not the validator's)
"""
import json
import os
import random
import struct
import subprocess
import sys
import tempfile
import zipfile

SAMPLES = [("empty.txt", 0), ("IMG_0001.JPG", 200_000), ("Été à Paris.jpg", 70_000), ("notes.txt", 1_234)]


def write_samples(directory):
    rng = random.Random(9)
    for name, size in SAMPLES:
        with open(os.path.join(directory, name), "wb") as f:
            f.write(rng.randbytes(size))
    return [name for name, _ in SAMPLES]


def make_python(out, names, directory, force_zip64=False):
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive:
        for name in names:
            path = os.path.join(directory, name)
            if force_zip64:
                with open(path, "rb") as source, archive.open(name, "w", force_zip64=True) as target:
                    target.write(source.read())
            else:
                archive.write(path, name)


def make(kind, out):
    with tempfile.TemporaryDirectory() as directory:
        names = write_samples(directory)
        if kind == "python":
            make_python(out, names, directory)
        elif kind == "python-zip64":
            make_python(out, names, directory, force_zip64=True)
        elif kind == "python-zip64-end":
            # Lowering the limit makes zipfile write what a > 4 GiB archive needs (ZIP64 extras with offsets, the
            # ZIP64 end record and locator) at a size a test can afford.
            zipfile.ZIP64_LIMIT = 1_000
            make_python(out, names, directory)
        elif kind == "infozip":
            subprocess.run(["zip", "-q", "-0", os.path.abspath(out), *names], cwd=directory, check=True)
        elif kind == "infozip-streamed":
            # Written to a pipe, zip cannot seek back: bit 3 and a data descriptor after each entry.
            with open(out, "wb") as target:
                zipper = subprocess.Popen(["zip", "-q", "-0", "-", *names], cwd=directory, stdout=subprocess.PIPE)
                subprocess.run(["cat"], stdin=zipper.stdout, stdout=target, check=True)
                if zipper.wait() != 0:
                    sys.exit("zip failed")
        else:
            sys.exit(f"unknown kind {kind}")
    subprocess.run(["unzip", "-tq", out], check=True, stdout=subprocess.DEVNULL)


def raw_name(info):
    """The name's bytes as stored: zipfile decodes names without bit 11 as CP437."""
    return info.filename.encode("utf-8" if info.flag_bits & 0x800 else "cp437")


def facts(path):
    with open(path, "rb") as f:
        data = f.read()
    with zipfile.ZipFile(path) as archive:
        if archive.testzip() is not None:
            sys.exit("zipfile found a bad CRC")
        entries = []
        for info in archive.infolist():
            name_length, extra_length = struct.unpack_from("<HH", data, info.header_offset + 26)
            entries.append({"name": raw_name(info).decode("utf-8", "replace"), "crc": info.CRC, "size": info.file_size,
                            "headerOffset": info.header_offset,
                            "dataOffset": info.header_offset + 30 + name_length + extra_length})
        print(json.dumps({"length": len(data), "centralDirectoryOffset": archive.start_dir, "entries": entries}))


if __name__ == "__main__":
    if sys.argv[1] == "make":
        make(sys.argv[2], sys.argv[3])
    else:
        facts(sys.argv[2])
