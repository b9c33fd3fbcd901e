#!/usr/bin/env python3
"""Helpers for archive-bench.sh and s3-archive-bench.sh: the archive request body, timed downloads with the
servers' own CPU time, and the results (a Markdown table on stdout, a JSON file for bench/plot.py).

CPU time of a server = utime + stime from /proc/PID/stat (the whole thread group) plus cutime + cstime (children it
has reaped), summed over the server's process and every live descendant (nginx's workers, zipserver's children),
sampled right before and right after each download."""
import json
import os
import resource
import statistics
import subprocess
import sys
import time

TICKS = os.sysconf("SC_CLK_TCK")


def archive_body(info_path):
    """The /download/archive JSON body for the single archive /download/info planned."""
    info = json.load(open(info_path))
    if len(info["archives"]) != 1:
        sys.exit(f"expected one archive, /download/info planned {len(info['archives'])}")
    print(json.dumps({"assetIds": info["archives"][0]["assetIds"]}))


def _stat(pid):
    """(ppid, cpu ticks) of one process, or None when it is gone. The command name may hold spaces and ')'."""
    try:
        with open(f"/proc/{pid}/stat") as handle:
            text = handle.read()
    except (FileNotFoundError, ProcessLookupError):
        return None
    fields = text[text.rindex(")") + 2:].split()
    # fields[0] is field 3 (state): ppid is field 4, utime..cstime are fields 14..17.
    return int(fields[1]), sum(int(value) for value in fields[11:15])


def cpu_seconds(pids):
    """CPU seconds of the processes `pids` and all their live descendants (each counted once)."""
    table = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            stat = _stat(int(entry))
            if stat:
                table[int(entry)] = stat
    wanted, todo = set(), [pid for pid in pids if pid in table]
    while todo:
        pid = todo.pop()
        if pid in wanted:
            continue
        wanted.add(pid)
        todo.extend(child for child, (ppid, _) in table.items() if ppid == pid)
    return sum(table[pid][1] for pid in wanted) / TICKS


def softirq_seconds():
    """The whole machine's softirq time (/proc/stat), tick-sampled. Without IRQ time accounting (this kernel) it
    overlaps the processes' own time: softirq work done in a process's context is in its stime too. Kept as raw
    data only; the totals use ksoftirqd's time instead."""
    with open("/proc/stat") as handle:
        fields = handle.readline().split()
    return int(fields[7]) / TICKS


def ksoftirqd_pids():
    """The per-CPU ksoftirqd threads: softirq work (loopback TCP's receive path) deferred to them is charged to
    neither the server nor the client."""
    pids = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/comm") as handle:
                    if handle.read().startswith("ksoftirqd/"):
                        pids.append(int(entry))
            except OSError:
                pass
    return pids


def loadavg():
    with open("/proc/loadavg") as handle:
        return [float(value) for value in handle.read().split()[:3]]


def timed(args):
    """timed RESULTS KEY=VALUE... --pids P[,P...] [--upstream-pids P,...] -- COMMAND...: runs COMMAND (a curl
    printing `%{size_download} %{time_total}`, or one such line per URL), and appends one JSON line to RESULTS: the
    fields given, bytes, seconds (curl's total, or the wall time for several URLs), the CPU seconds in between of
    the server (--pids), of the server's upstream (--upstream-pids: the S3 server) and of the client (the command),
    and the 1-minute load average before."""
    results, rest = args[0], args[1:]
    split = rest.index("--")
    options, command = rest[:split], rest[split + 1:]
    record, pids, upstream = {}, [], []
    index = 0
    while index < len(options):
        if options[index] in ("--pids", "--upstream-pids"):
            listed = [int(pid) for pid in options[index + 1].split(",") if pid]
            if options[index] == "--pids":
                pids = listed
            else:
                upstream = listed
            index += 2
            continue
        key, value = options[index].split("=", 1)
        record[key] = int(value) if value.isdigit() else value
        index += 1
    record["load1"] = loadavg()[0]
    upstream_before = cpu_seconds(upstream)
    client_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    softirq_before = softirq_seconds()
    softirqd = ksoftirqd_pids()
    softirqd_before = cpu_seconds(softirqd)
    cpu_before, wall_before = cpu_seconds(pids), time.monotonic()
    output = subprocess.run(command, stdout=subprocess.PIPE, check=True, text=True).stdout
    wall = time.monotonic() - wall_before
    record["cpu_s"] = round(cpu_seconds(pids) - cpu_before, 3)
    record["softirq_s"] = round(softirq_seconds() - softirq_before, 3)
    record["ksoftirqd_s"] = round(cpu_seconds(softirqd) - softirqd_before, 3)
    client = resource.getrusage(resource.RUSAGE_CHILDREN)
    record["client_cpu_s"] = round(client.ru_utime + client.ru_stime - client_before.ru_utime - client_before.ru_stime, 3)
    if upstream:
        record["upstream_cpu_s"] = round(cpu_seconds(upstream) - upstream_before, 3)
    lines = [line.split() for line in output.splitlines() if line.strip()]
    record["bytes"] = sum(int(line[0]) for line in lines)
    record["seconds"] = float(lines[0][1]) if len(lines) == 1 else round(wall, 4)
    record["wall_s"] = round(wall, 4)
    if record["bytes"] == 0:
        sys.exit(f"{record}: no bytes downloaded")
    with open(results, "a") as handle:
        handle.write(json.dumps(record) + "\n")
    print(f"  {record.get('set')} {record.get('server')}: {record['bytes'] / record['seconds'] / 1e6:.0f} MB/s, "
          f"{record['cpu_s'] / (record['bytes'] / 1e9):.3f} cpu-s/GB (load {record['load1']})", file=sys.stderr)


def read_lines(path):
    if not path or not os.path.exists(path):
        return []
    return [json.loads(line) for line in open(path) if line.strip()]


def throughput_summary(rows, baseline):
    """Per set and server: medians over rounds of MB/s and cpu-s/GB, and ratios to `baseline` (the ratio of the
    medians, and the median of the ratios within each round: the paired figure)."""
    summary = {}
    for row in rows:
        entry = summary.setdefault(row["set"], {}).setdefault(row["server"], {"rounds": []})
        entry["rounds"].append(row)
    for set_name, servers in summary.items():
        for server, entry in servers.items():
            rounds = entry["rounds"]
            sizes = {row["bytes"] for row in rounds}
            if len(sizes) != 1:
                sys.exit(f"{set_name} {server}: the rounds downloaded different byte counts: {sorted(sizes)}")
            entry["bytes"] = rounds[0]["bytes"]
            entry["mbps"] = [row["bytes"] / row["seconds"] / 1e6 for row in rounds]
            entry["cpu_per_gb"] = [row["cpu_s"] / (row["bytes"] / 1e9) for row in rounds]
            entry["median_mbps"] = statistics.median(entry["mbps"])
            entry["best_mbps"] = max(entry["mbps"])
            entry["median_cpu_per_gb"] = statistics.median(entry["cpu_per_gb"])
            entry["median_seconds"] = statistics.median(row["seconds"] for row in rounds)
            entry["median_ksoftirqd_per_gb"] = statistics.median(row["ksoftirqd_s"] / (row["bytes"] / 1e9)
                                                                  for row in rounds) \
                if all("ksoftirqd_s" in row for row in rounds) else None  # not recorded in the first runs
            entry["median_total_cpu_per_gb"] = statistics.median(
                (row["cpu_s"] + row.get("client_cpu_s", 0) + row.get("ksoftirqd_s", 0)) / (row["bytes"] / 1e9)
                for row in rounds)
            entry["median_client_cpu_per_gb"] = statistics.median(row.get("client_cpu_s", 0) / (row["bytes"] / 1e9)
                                                                  for row in rounds)
            if all("upstream_cpu_s" in row for row in rounds):
                entry["median_upstream_cpu_per_gb"] = statistics.median(row["upstream_cpu_s"] / (row["bytes"] / 1e9)
                                                                        for row in rounds)
        base = servers.get(baseline)
        for server, entry in servers.items():
            if not base:
                continue
            entry["mbps_ratio"] = entry["median_mbps"] / base["median_mbps"]
            entry["cpu_ratio"] = entry["median_cpu_per_gb"] / base["median_cpu_per_gb"] \
                if base["median_cpu_per_gb"] else None
            entry["total_cpu_ratio"] = entry["median_total_cpu_per_gb"] / base["median_total_cpu_per_gb"]
            by_round = {row["round"]: row for row in base["rounds"]}
            paired = [(row["bytes"] / row["seconds"]) / (by_round[row["round"]]["bytes"] / by_round[row["round"]]["seconds"])
                      for row in entry["rounds"] if row["round"] in by_round]
            entry["paired_mbps_ratio"] = statistics.median(paired) if paired else None
    return summary


def summarize(args):
    """summarize OUT.json BASELINE THROUGHPUT.jsonl [RSS.jsonl] [KEY=VALUE...]: writes OUT.json, prints the tables."""
    out, baseline, throughput_path = args[0], args[1], args[2]
    rss_path = args[3] if len(args) > 3 and "=" not in args[3] else None
    meta = dict(arg.split("=", 1) for arg in args[3 + (rss_path is not None):])
    rows = read_lines(throughput_path)
    document = {"meta": meta, "baseline": baseline, "rounds": rows, "rss": read_lines(rss_path)}
    report(document)
    os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
    with open(out, "w") as handle:
        json.dump(document, handle, indent=1)
    print(f"\n(results: {out})")


def report(document):
    """Prints the Markdown tables of a results document (and adds its "summary")."""
    rows, baseline = document["rounds"], document["baseline"]
    summary = throughput_summary(rows, baseline)
    rounds = max((row["round"] for row in rows), default=0)
    upstream = any("median_upstream_cpu_per_gb" in e for servers in summary.values() for e in servers.values())
    print(f"## Throughput and CPU (medians of {rounds} interleaved rounds; MB = 10^6 bytes, GB = 10^9 bytes)")
    print()
    print("CPU in seconds per GB: the server's own (utime + stime of its processes and threads), the S3 server's, the")
    print("client's (curl), the ksoftirqd threads' (softirq work deferred to them: charged to neither) and the total")
    print("of server, client and ksoftirqd (the whole transfer's cost on this machine, S3 server aside).")
    print()
    print(f"| data set | server | bytes | median s | median MB/s (best) | median / {baseline} | paired / {baseline} "
          f"| server | server / {baseline} |" + (" S3 server |" if upstream else "")
          + f" client | ksoftirqd | total | total / {baseline} |")
    print("|---|---|---|---|---|---|---|---|---|" + ("---|" if upstream else "") + "---|---|---|---|")
    for set_name, servers in summary.items():
        for server, entry in servers.items():
            def ratio(key):
                return f"{entry[key]:.2f}x" if entry.get(key) else "-"
            cpu = f"{entry['median_cpu_per_gb']:.3f}" if entry["median_cpu_per_gb"] else "-"
            softirq = "n/r" if entry["median_ksoftirqd_per_gb"] is None else f"{entry['median_ksoftirqd_per_gb']:.3f}"
            extra = f" {entry['median_upstream_cpu_per_gb']:.3f} |" if "median_upstream_cpu_per_gb" in entry else \
                (" - |" if upstream else "")
            print(f"| {set_name} | {server} | {entry['bytes']} | {entry['median_seconds']:.3f} "
                  f"| {entry['median_mbps']:.0f} ({entry['best_mbps']:.0f}) | {ratio('mbps_ratio')} "
                  f"| {ratio('paired_mbps_ratio')} | {cpu} | {ratio('cpu_ratio')} |{extra} "
                  f"{entry['median_client_cpu_per_gb']:.3f} | {softirq} "
                  f"| {entry['median_total_cpu_per_gb']:.3f} | {ratio('total_cpu_ratio')} |")
    loads = [row["load1"] for row in rows]
    if loads:
        print(f"\n1-minute load average before the timed downloads: {min(loads):.2f}-{max(loads):.2f}")
    if document.get("rss"):
        print("\n## gallery-archive peak RSS against concurrent downloads (fresh process per line; MiB = 2^20 bytes)")
        print()
        print("| data set | downloads | idle RSS | peak (VmHWM) | peak - idle | per download | aggregate MB/s | cpu-s/GB |")
        print("|---|---|---|---|---|---|---|---|")
        for row in document["rss"]:
            above = (row["peak_kib"] - row["idle_kib"]) / 1024
            print(f"| {row['set']} | {row['clients']} | {row['idle_kib'] / 1024:.1f} | {row['peak_kib'] / 1024:.1f} "
                  f"| {above:.1f} | {above / row['clients']:.2f} | {row['bytes'] / row['seconds'] / 1e6:.0f} "
                  f"| {row['cpu_s'] / (row['bytes'] / 1e9):.3f} |")
    for entry in (e for servers in summary.values() for e in servers.values()):
        del entry["rounds"]
    document["summary"] = summary


def rss_record(args):
    """rss RESULTS set=S clients=N idle_kib=K pid=P start=EPOCH bytes_file=F cpu_before=C: appends the peak (VmHWM)
    of pid P and the download totals as one JSON line."""
    results, fields = args[0], dict(arg.split("=", 1) for arg in args[1:])
    pid = int(fields["pid"])
    with open(f"/proc/{pid}/status") as handle:
        peak = next(int(line.split()[1]) for line in handle if line.startswith("VmHWM:"))
    sizes = [int(line.split()[0]) for line in open(fields["bytes_file"]) if line.strip()]
    if len(sizes) != int(fields["clients"]) or len(set(sizes)) != 1 or sizes[0] == 0:
        sys.exit(f"rss {fields}: downloads returned {sizes}")
    record = {"set": fields["set"], "clients": int(fields["clients"]), "idle_kib": int(fields["idle_kib"]),
              "idle_hwm_kib": int(fields["idle_hwm_kib"]), "peak_kib": peak, "bytes": sum(sizes),
              "seconds": round(time.time() - float(fields["start"]), 3),
              "cpu_s": round(cpu_seconds([pid]) - float(fields["cpu_before"]), 3), "load1": loadavg()[0]}
    with open(results, "a") as handle:
        handle.write(json.dumps(record) + "\n")
    print(f"  {record['clients']} concurrent: peak {peak / 1024:.1f} MiB, idle {record['idle_kib'] / 1024:.1f} MiB, "
          f"{(peak - record['idle_kib']) / 1024 / record['clients']:.2f} MiB per download", file=sys.stderr)


if __name__ == "__main__":
    command, *rest = sys.argv[1:]
    if command == "archive-body":
        archive_body(rest[0])
    elif command == "cpu":
        print(f"{cpu_seconds([int(pid) for pid in rest]):.2f}")
    elif command == "timed":
        timed(rest)
    elif command == "rss":
        rss_record(rest)
    elif command == "summarize":
        summarize(rest)
    elif command == "report":   # report RESULTS.json: the tables again, from a saved run
        report(json.load(open(rest[0])))
    else:
        sys.exit(f"unknown command {command}")
