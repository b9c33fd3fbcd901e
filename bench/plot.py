#!/usr/bin/env python3
"""Draws the benchmark charts for docs/BENCHMARKS.md from the benchmarks' own JSON results.

    bench/plot.py [--out docs/bench] [ARCHIVE.json] [S3-ARCHIVE.json]

Without files, the newest bench/results/archive-*.json and bench/results/s3-archive-*.json are drawn. Writes
archive-throughput-cpu.png (median MB/s and server cpu-s/GB per server and data set, with the range of the rounds),
archive-rss.png (peak RSS above idle against concurrent downloads, total and per download) and s3-archive.png
(MB/s of our archive against curl fetching the same objects, and the latency case's seconds).
Needs matplotlib (pip install matplotlib)."""
import argparse
import glob
import json
import os

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

COLOURS = {"nginx": "#4c72b0", "zipstream-ng": "#dd8452", "gallery-archive": "#55a868", "curl": "#8172b3"}


def newest(pattern):
    paths = sorted(glob.glob(pattern), key=os.path.getmtime)
    return paths[-1] if paths else None


def subtitle(meta):
    return (f"{meta.get('date', '?')}, commit {meta.get('commit', '?')}, {meta.get('rounds', '?')} interleaved rounds, "
            f"load {meta.get('load_start', '?').split()[0]}-{meta.get('load_end', '?').split()[0]}")


def per_round(rows, set_name, server, value):
    return [value(row) for row in rows if row["set"] == set_name and row["server"] == server]


def grouped_bars(axis, document, sets, value, ylabel, title):
    """One group of bars per data set, one bar per server: the median, a line from the lowest to the highest round."""
    servers = list(dict.fromkeys(row["server"] for row in document["rounds"] if row["set"] in sets))
    width = 0.8 / max(1, len(servers))
    for index, server in enumerate(servers):
        medians, lows, highs = [], [], []
        for set_name in sets:
            values = sorted(per_round(document["rounds"], set_name, server, value))
            middle = values[len(values) // 2] if len(values) % 2 else (values[len(values) // 2 - 1] + values[len(values) // 2]) / 2
            medians.append(middle)
            lows.append(middle - values[0])
            highs.append(values[-1] - middle)
        positions = [group + (index - (len(servers) - 1) / 2) * width for group in range(len(sets))]
        bars = axis.bar(positions, medians, width, yerr=[lows, highs], capsize=3, label=server,
                        color=COLOURS.get(server))
        axis.bar_label(bars, fmt="%.2f" if max(medians) < 10 else "%.0f", fontsize=7, padding=2)
    axis.set_xticks(range(len(sets)), [document["meta"].get(name, name) + f" ({name})" for name in sets])
    axis.set_ylabel(ylabel)
    axis.set_title(title, fontsize=10)
    axis.legend(fontsize=8)


def mbps(row):
    return row["bytes"] / row["seconds"] / 1e6


def cpu_per_gb(row):
    return row["cpu_s"] / (row["bytes"] / 1e9)


def total_per_gb(row):
    return (row["cpu_s"] + row.get("client_cpu_s", 0) + row.get("ksoftirqd_s", 0)) / (row["bytes"] / 1e9)


def plot_archive(document, out):
    sets = [name for name in ("large", "small") if any(row["set"] == name for row in document["rounds"])]
    figure, axes = plt.subplots(1, 3, figsize=(16, 4.4))
    grouped_bars(axes[0], document, sets, mbps, "MB/s (10^6 B/s), median of rounds", "Archive download throughput")
    grouped_bars(axes[1], document, sets, cpu_per_gb, "server CPU seconds per GB served",
                 "Server CPU (utime + stime, threads and children) per GB")
    grouped_bars(axes[2], document, sets, total_per_gb, "CPU seconds per GB served",
                 "Whole transfer: server + curl (+ ksoftirqd where recorded), per GB")
    figure.suptitle("Archive downloads over loopback: " + subtitle(document["meta"]), fontsize=9)
    figure.tight_layout()
    path = os.path.join(out, "archive-throughput-cpu.png")
    figure.savefig(path, dpi=110)
    print(path)
    if not document.get("rss"):
        return
    rss = sorted(document["rss"], key=lambda row: row["clients"])
    clients = [row["clients"] for row in rss]
    above = [(row["peak_kib"] - row["idle_kib"]) / 1024 for row in rss]
    figure, left = plt.subplots(figsize=(7.5, 4.2))
    left.plot(clients, above, "o-", color=COLOURS["gallery-archive"], label="peak RSS above idle (MiB)")
    left.set_xscale("log", base=2)
    left.set_xticks(clients, [str(count) for count in clients])
    left.set_xlabel("concurrent downloads of the small album " + f"({document['meta'].get('small', '')})")
    left.set_ylabel("peak - idle, MiB")
    right = left.twinx()
    right.plot(clients, [value / count for value, count in zip(above, clients)], "s--", color="#c44e52",
               label="per download (MiB)")
    right.axhline(2, color="#c44e52", linestyle=":", linewidth=1, label="target: 2 MiB per download")
    right.set_ylabel("(peak - idle) / downloads, MiB")
    right.set_ylim(bottom=0)
    left.set_ylim(bottom=0)
    lines = left.get_legend_handles_labels()[0] + right.get_legend_handles_labels()[0]
    left.legend(lines, [line.get_label() for line in lines], fontsize=8, loc="upper left")
    idle = rss[0]["idle_kib"] / 1024
    left.set_title(f"gallery-archive peak RSS, fresh process per point (idle {idle:.0f} MiB)\n"
                   + subtitle(document["meta"]), fontsize=9)
    figure.tight_layout()
    path = os.path.join(out, "archive-rss.png")
    figure.savefig(path, dpi=110)
    print(path)


def plot_s3(document, out):
    rows = document["rounds"]
    sets = [name for name in ("large", "small") if any(row["set"] == name for row in rows)]
    latency = sorted({row["set"] for row in rows if row["set"].startswith("latency")})
    figure, axes = plt.subplots(1, 2 if latency else 1, figsize=(11 if latency else 6, 4.2), squeeze=False)
    grouped_bars(axes[0][0], document, sets, mbps, "MB/s (10^6 B/s), median of rounds",
                 "Archive of S3 objects vs curl fetching them one after another")
    if latency:
        axis = axes[0][1]
        labels, medians, colours = [], [], []
        for set_name in latency:
            for server in ("gallery-archive", "curl"):
                values = sorted(row["seconds"] for row in rows if row["set"] == set_name and row["server"] == server)
                if not values:
                    continue
                labels.append(f"{server}\n{'first (no CRC known)' if set_name.endswith('-first') else 'steady'}")
                medians.append(values[len(values) // 2] if len(values) % 2 else
                               (values[len(values) // 2 - 1] + values[len(values) // 2]) / 2)
                colours.append(COLOURS[server])
        bars = axis.bar(range(len(medians)), medians, color=colours)
        axis.bar_label(bars, fmt="%.2f s", fontsize=8)
        axis.axhline(1.25, color="grey", linestyle=":", label="target 1.25 s (archive)")
        axis.set_xticks(range(len(labels)), labels, fontsize=8)
        axis.set_ylabel("seconds, median of rounds")
        axis.set_title(f"{document['meta'].get('latency', '')} per S3 request (fault proxy)", fontsize=10)
        axis.legend(fontsize=8)
    figure.suptitle("S3 (SeaweedFS on 127.0.0.1): " + subtitle(document["meta"]), fontsize=9)
    figure.tight_layout()
    path = os.path.join(out, "s3-archive.png")
    figure.savefig(path, dpi=110)
    print(path)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", default="docs/bench")
    parser.add_argument("results", nargs="*")
    args = parser.parse_args()
    paths = args.results or [path for path in (newest("bench/results/archive-*.json"),
                                               newest("bench/results/s3-archive-*.json")) if path]
    if not paths:
        raise SystemExit("no results: run bench/archive-bench.sh or bench/s3-archive-bench.sh first")
    os.makedirs(args.out, exist_ok=True)
    for path in paths:
        document = json.load(open(path))
        kind = document.get("meta", {}).get("kind")
        if kind == "archive":
            plot_archive(document, args.out)
        elif kind == "s3-archive":
            plot_s3(document, args.out)
        else:
            raise SystemExit(f"{path}: unknown kind {kind!r}")


if __name__ == "__main__":
    main()
