#!/usr/bin/env python3
"""Helpers for archive-bench.sh: the archive request body and the results table."""
import json
import statistics
import sys


def archive_body(info_path):
    """The /download/archive JSON body for the single archive /download/info planned."""
    info = json.load(open(info_path))
    if len(info["archives"]) != 1:
        sys.exit(f"expected one archive, /download/info planned {len(info['archives'])}")
    print(json.dumps({"assetIds": info["archives"][0]["assetIds"]}))


def summarize(results_path):
    """results lines: `case server bytes seconds`; prints best and median MB/s and the ratio of the best to nginx."""
    runs = {}
    for line in open(results_path):
        case, server, size, seconds = line.split()
        runs.setdefault(case, {}).setdefault(server, []).append((int(size), float(seconds)))
    print("| data set | server | archive bytes | best MB/s | median MB/s | best / nginx |")
    print("|---|---|---|---|---|---|")
    for case, servers in runs.items():
        def rates(server):
            return [size / seconds / 1e6 for size, seconds in servers[server]]
        baseline = max(rates("nginx"))
        for server in servers:
            if len({size for size, _ in servers[server]}) != 1 or servers[server][0][0] == 0:
                sys.exit(f"{case} {server}: the runs downloaded different or zero byte counts: {servers[server]}")
            best = max(rates(server))
            size = servers[server][0][0]
            print(f"| {case} | {server} | {size} | {best:.0f} | {statistics.median(rates(server)):.0f} "
                  f"| {best / baseline:.2f}x |")


if __name__ == "__main__":
    command, *args = sys.argv[1:]
    if command == "archive-body":
        archive_body(args[0])
    elif command == "summarize":
        summarize(args[0])
    else:
        sys.exit(f"unknown command {command}")
