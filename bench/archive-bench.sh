#!/usr/bin/env bash
# End-to-end archive downloads over loopback (issues 4 and 10): gallery-archive against nginx serving the same
# bytes as one static file (the physical-limit proxy) and against zipstream-ng's zipserver on the same files, for
# 8 x 256 MiB and 8,000 x 256 KiB of random bytes, in interleaved rounds (the order of the three servers rotates
# from round to round): throughput and each server's own CPU seconds per GB (utime + stime of the process, its
# threads and its children: nginx's master and worker, zipserver and any child). Then the peak RSS above idle of a
# fresh gallery-archive process for 1, 2, 4 ... 64 concurrent downloads of the small set. Results: Markdown tables
# on stdout (for docs/BENCHMARKS.md) and a JSON file for bench/plot.py.
#   bench/archive-bench.sh
# Environment (defaults in brackets):
#   ROUNDS [5]                    interleaved rounds; the tables give medians (and the best MB/s in brackets)
#   LARGE_FILES [8] LARGE_MIB [256] SMALL_FILES [8000] SMALL_KIB [256]   the two data sets
#   RSS_CLIENTS ["1 2 4 8 16 32 64"]  concurrent downloads of the small set, one fresh process each ("" skips)
#   OUT [bench/results/archive-<UTC time>.json]   the machine-readable results
#   KEEP=1                        keeps the temp dir for a look afterwards
#   GALLERY_ARCHIVE_BIN           a gallery-archive binary to use instead of building the release one
# For development on the shared machine, e.g.:
#   ROUNDS=3 LARGE_FILES=4 LARGE_MIB=32 SMALL_FILES=500 RSS_CLIENTS="1 4 16" bench/archive-bench.sh
# Needs root for apt-get/pip when nginx or zipstream-ng are missing. The full sets use about 8 GiB under $TMPDIR
# (/var/tmp), removed at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/bench-lib.sh
runs=${ROUNDS:-${RUNS:-5}}
large_files=${LARGE_FILES:-8} large_mib=${LARGE_MIB:-256} small_files=${SMALL_FILES:-8000} small_kib=${SMALL_KIB:-256}
rss_clients=${RSS_CLIENTS-1 2 4 8 16 32 64}
out=${OUT:-bench/results/archive-$(date -u +%Y%m%dT%H%M%SZ).json}
port_nginx=18081 port_zip=18082 port_ours=18083

command -v nginx >/dev/null || apt-get install -y nginx-light >&2
command -v zipserver >/dev/null || pip install -q zipstream-ng==1.9.3 >&2
pkg-config --exists libcurl 2>/dev/null || apt-get install -y libcurl4-openssl-dev >&2
if [[ -n ${GALLERY_ARCHIVE_BIN:-} ]]; then   # a binary built elsewhere (say which in the results)
    bin=$GALLERY_ARCHIVE_BIN
else
    swift build -c release --product gallery-archive >&2
    bin="$(swift build -c release --show-bin-path)/gallery-archive"
fi

tmp=$(mktemp -d "${TMPDIR:-/var/tmp}/archive-bench.XXXXXX")
chmod 755 "$tmp"   # nginx's workers run as nobody
pids=()   # nginx and zipserver; $ours is our server of the moment
ours=
cleanup() {
    for pid in "${pids[@]}" $ours; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
    [[ ${KEEP:-0} == 1 ]] || rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM   # then the EXIT trap cleans up (a trap on INT alone would let the script run on)

# Data: random bytes (bench-lib.sh) cut into files; media/large and media/small.
log "writing $large_files x $large_mib MiB and $small_files x $small_kib KiB under $tmp/media"
mkdir -p "$tmp/media/large" "$tmp/media/small" "$tmp/static" "$tmp/data"
random_bytes large $((large_files * large_mib << 20)) \
    | split -b $((large_mib << 20)) -a 3 -d --additional-suffix=.bin - "$tmp/media/large/file-"
random_bytes small $((small_files * small_kib << 10)) \
    | split -b $((small_kib << 10)) -a 5 -d --additional-suffix=.bin - "$tmp/media/small/file-"

# Our service: one album per data set, owned by a user with the API key bench-key-<set>.
for set in large small; do
    "$bin" import-album "$tmp/media/$set" --data "$tmp/data" --api-key "bench-key-$set" --name "$set" >"$tmp/$set.album"
done
start_ours() {  # the per-client download bounds are lifted: the RSS phase runs up to 64 downloads from one key
    GALLERY_ARCHIVE_MAX_DOWNLOADS_PER_USER=1000 GALLERY_ARCHIVE_MAX_DOWNLOADS_PER_ADDRESS=1000 \
    IMMICH_MEDIA_LOCATION="$tmp/media" "$bin" serve --host 127.0.0.1 --port $port_ours --data "$tmp/data" \
        >>"$tmp/ours.log" 2>&1 &
    ours=$!
    wait_for "http://127.0.0.1:$port_ours/health" "$ours"
}
stop_ours() { kill "$ours"; wait "$ours" 2>/dev/null || true; ours=; }
start_ours
for set in large small; do
    curl -sf -H "x-api-key: bench-key-$set" -H 'content-type: application/json' \
        -d "{\"albumId\":\"$(cat "$tmp/$set.album")\"}" "http://127.0.0.1:$port_ours/api/download/info" >"$tmp/$set.info"
    python3 bench/archive-bench.py archive-body "$tmp/$set.info" >"$tmp/$set.body"
done
ours_curl() {  # SET, then curl options
    local set=$1; shift
    curl -sf -H "x-api-key: bench-key-$set" -H 'content-type: application/json' -d "@$tmp/$set.body" "$@" \
        "http://127.0.0.1:$port_ours/api/download/archive"
}

# nginx's file: the archive our service sends, downloaded once (same bytes), and checked (not timed).
for set in large small; do
    ours_curl "$set" -o "$tmp/static/$set.zip"
    log "unzip -t on our $set archive ($(stat -c %s "$tmp/static/$set.zip") bytes)"
    unzip -tq "$tmp/static/$set.zip" >&2
done
cat >"$tmp/nginx.conf" <<CONF
worker_processes 1;
pid $tmp/nginx.pid;
error_log $tmp/nginx.log;
events { worker_connections 256; }
http {
    access_log off;
    sendfile on;
    tcp_nopush on;
    client_body_temp_path $tmp/nginx-body;
    proxy_temp_path $tmp/nginx-proxy;
    fastcgi_temp_path $tmp/nginx-fastcgi;
    uwsgi_temp_path $tmp/nginx-uwsgi;
    scgi_temp_path $tmp/nginx-scgi;
    server { listen 127.0.0.1:$port_nginx; root $tmp/static; }
}
CONF
nginx -e "$tmp/nginx.log" -c "$tmp/nginx.conf" -g 'daemon off;' &
pids+=($!)
wait_for "http://127.0.0.1:$port_nginx/" "${pids[-1]}"
zipserver --bind 127.0.0.1 --directory "$tmp/media" $port_zip >"$tmp/zipserver.log" 2>&1 &
zipserver=$!; pids+=("$zipserver")
wait_for "http://127.0.0.1:$port_zip/" "$zipserver"

# Page cache: every byte is read once before timing, so all three servers read from memory (24 GiB box).
cat "$tmp"/media/large/* "$tmp"/media/small/* "$tmp"/static/* >/dev/null

# Timed downloads to /dev/null: ROUNDS rounds, in each one every server once per set, the order rotating from round
# to round so background load and cache effects hit all alike. CPU is the server's own (see archive-bench.py).
results="$tmp/throughput.jsonl"
rss_results="$tmp/rss.jsonl"
: >"$rss_results"
fmt='%{size_download} %{time_total}\n'
fetch() {  # SERVER SET ROUND
    local set=$2
    case $1 in
    nginx) python3 bench/archive-bench.py timed "$results" set="$set" server=nginx round="$3" --pids "${pids[0]}" -- \
        curl -sf -o /dev/null -w "$fmt" "http://127.0.0.1:$port_nginx/$set.zip" ;;
    zipstream-ng) python3 bench/archive-bench.py timed "$results" set="$set" server=zipstream-ng round="$3" \
        --pids "$zipserver" -- curl -sf -o /dev/null -w "$fmt" --data "files=$set" "http://127.0.0.1:$port_zip/" ;;
    gallery-archive) python3 bench/archive-bench.py timed "$results" set="$set" server=gallery-archive round="$3" \
        --pids "$ours" -- curl -sf -H "x-api-key: bench-key-$set" -H 'content-type: application/json' \
        -d "@$tmp/$set.body" -o /dev/null -w "$fmt" "http://127.0.0.1:$port_ours/api/download/archive" ;;
    esac
}
servers=(nginx zipstream-ng gallery-archive)
load_start=$(cut -d' ' -f1-3 /proc/loadavg)
for set in large small; do
    for round in $(seq 1 "$runs"); do
        log "$set, round $round/$runs (load: $(cut -d' ' -f1-3 /proc/loadavg))"
        for i in 0 1 2; do fetch "${servers[$(((round - 1 + i) % 3))]}" "$set" "$round"; done
    done
done
hwm() { awk '/VmHWM/ {print $2}' "/proc/$1/status"; }
rss() { awk '/VmRSS/ {print $2}' "/proc/$1/status"; }
zipserver_hwm=$(hwm "$zipserver")

# Peak RSS (VmHWM) above idle of a fresh gallery-archive process per line (a peak never comes down), for
# N concurrent downloads of the small set. Idle = VmRSS once it answers /health and a /download/info was planned
# (so the catalog's pages are in), before the downloads start.
for clients in $rss_clients; do
    stop_ours; start_ours
    curl -sf -H "x-api-key: bench-key-small" -H 'content-type: application/json' \
        -d "{\"albumId\":\"$(cat "$tmp/small.album")\"}" "http://127.0.0.1:$port_ours/api/download/info" >/dev/null
    idle=$(rss "$ours") idle_hwm=$(hwm "$ours")
    cpu_before=$(python3 bench/archive-bench.py cpu "$ours")
    log "small, $clients concurrent downloads (load: $(cut -d' ' -f1-3 /proc/loadavg))"
    sizes="$tmp/rss-sizes-$clients"
    started=$(date +%s.%N)
    client_pids=()
    for _ in $(seq 1 "$clients"); do
        ours_curl small -o /dev/null -w '%{size_download}\n' >>"$sizes" &
        client_pids+=($!)
    done
    for pid in "${client_pids[@]}"; do wait "$pid"; done
    python3 bench/archive-bench.py rss "$rss_results" set=small clients="$clients" idle_kib="$idle" \
        idle_hwm_kib="$idle_hwm" pid="$ours" start="$started" bytes_file="$sizes" cpu_before="$cpu_before"
done
load_end=$(cut -d' ' -f1-3 /proc/loadavg)

python3 bench/archive-bench.py summarize "$out" nginx "$results" "$rss_results" \
    kind=archive date="$(date -u +%Y-%m-%dT%H:%M:%SZ)" commit="$(git rev-parse --short HEAD)" rounds="$runs" \
    large="${large_files}x${large_mib}MiB" small="${small_files}x${small_kib}KiB" \
    load_start="$load_start" load_end="$load_end" zipserver_peak_kib="$zipserver_hwm" \
    cpus="$(nproc)" kernel="$(uname -r)" binary="$bin"
echo
echo "zipserver peak RSS after its timed rounds: $((zipserver_hwm / 1024)) MiB; load average at start $load_start, at end $load_end"
