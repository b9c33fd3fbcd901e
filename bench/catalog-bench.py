#!/usr/bin/env python3
"""Helpers for catalog-bench.sh: the SQLite copy of the generated rows, the check of a /download/info answer, and
the results table."""
import csv
import hashlib
import json
import sqlite3
import statistics
import sys


def load_sqlite(db_path, csv_dir, user_id, album_id):
    """Fills the SQLite catalog the service created (SQLiteSchema.swift) with the rows exported from PostgreSQL:
    uuids as lower-case TEXT, dates as GRDB's UTC text, digests as BLOBs, permissions as JSON text."""
    db = sqlite3.connect(db_path)
    db.execute("PRAGMA synchronous = OFF")
    with db:
        db.execute('INSERT INTO "user" (id, email, name) VALUES (?, ?, ?)',
                   (user_id, "bench@example.invalid", "bench"))
        db.execute("INSERT INTO api_key (id, name, key, userId, permissions) VALUES (?, ?, ?, ?, ?)",
                   ("b3c4e000-0000-4000-8000-0000000000c1", "bench", hashlib.sha256(b"bench-api-key").digest(),
                    user_id, '["all"]'))

        def rows(name):
            with open(f"{csv_dir}/{name}.csv", newline="") as f:
                yield from csv.reader(f)

        # Motion videos come first in the export (a still references its video).
        db.executemany(
            "INSERT INTO asset (id, ownerId, type, originalPath, originalFileName, checksum, fileCreatedAt,"
            " fileModifiedAt, localDateTime, visibility, livePhotoVideoId) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            ((r[0], r[1], r[2], r[3], r[4], bytes.fromhex(r[5]), r[6], r[7], r[8], r[9], r[10] or None)
             for r in rows("asset")))
        db.executemany("INSERT INTO asset_exif (assetId, fileSizeInByte, dateTimeOriginal) VALUES (?, ?, ?)",
                       ((r[0], int(r[1]), r[2]) for r in rows("asset_exif")))
        db.execute("INSERT INTO album (id, ownerId, albumName) VALUES (?, ?, ?)", (album_id, user_id, "Bench album"))
        db.executemany("INSERT INTO album_asset (albumId, assetId) VALUES (?, ?)",
                       ((album_id, r[0]) for r in rows("album_asset")))
    counts = {t: db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("asset", "asset_exif", "album_asset")}
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    print(" ".join(f"{t}={n}" for t, n in counts.items()))


def check(body_path, expected_path):
    """A /download/info answer lists every expected asset id exactly once and its sizes add up; prints
    `assets archives totalSize`."""
    info = json.load(open(body_path))
    archives = info["archives"]
    ids = [asset_id for archive in archives for asset_id in archive["assetIds"]]
    expected = set(open(expected_path).read().split())
    if len(ids) != len(set(ids)):
        sys.exit(f"{body_path}: {len(ids) - len(set(ids))} asset ids listed twice")
    if set(ids) != expected:
        sys.exit(f"{body_path}: {len(expected - set(ids))} expected ids missing, {len(set(ids) - expected)} unexpected")
    if info["totalSize"] != sum(archive["size"] for archive in archives):
        sys.exit(f"{body_path}: totalSize is not the sum of the archive sizes")
    print(len(ids), len(archives), info["totalSize"])


def summarize(results_path):
    """results lines: `catalog scenario key value`; prints the Markdown table."""
    data = {}
    for line in open(results_path):
        catalog, scenario, key, value = line.split()
        data.setdefault((catalog, scenario), {}).setdefault(key, []).append(value)
    print("| catalog | scenario | assets listed | archives | info median ms (min-max) | raw query median ms "
          "(min-max) | info / raw | target 2 x raw + 200 ms | server CPU ms / request | peak RSS MiB (idle) "
          "| load avg |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for (catalog, scenario), d in data.items():
        info = [float(v) for v in d["info_ms"]]
        raw = [float(v) for v in d["raw_ms"]]
        info_median, raw_median = statistics.median(info), statistics.median(raw)
        target = 2 * raw_median + 200
        met = "met" if info_median <= target else "MISSED"
        rss = float(d["hwm_kib"][0]) / 1024
        idle = float(d["idle_hwm_kib"][0]) / 1024
        rss_note = "" if rss <= 128 else " MISSED"
        print(f"| {catalog} | {scenario} | {d['assets'][0]} | {d['archives'][0]} "
              f"| {info_median:.0f} ({min(info):.0f}-{max(info):.0f}) "
              f"| {raw_median:.0f} ({min(raw):.0f}-{max(raw):.0f}) | {info_median / raw_median:.1f}x "
              f"| {target:.0f}: {met} | {float(d['cpu_ms'][0]):.0f} | {rss:.1f}{rss_note} ({idle:.1f}) "
              f"| {d['load'][0].replace(',', ' ')} |")


if __name__ == "__main__":
    command, *args = sys.argv[1:]
    if command == "load-sqlite":
        load_sqlite(*args)
    elif command == "check":
        check(*args)
    elif command == "summarize":
        summarize(*args)
    else:
        sys.exit(f"unknown command {command}")
