#!/usr/bin/env bash
# End-to-end archive downloads over loopback (issue 4, acceptance item 9): gallery-archive against nginx serving
# the same bytes as one static file (the physical-limit proxy) and against zipstream-ng's zipserver on the same
# files, for 8 x 256 MiB and 8,000 x 256 KiB of random bytes; then the peak RSS of our server for one download and
# for 16 concurrent ones. Results go to stdout (a Markdown table for docs/BENCHMARKS.md).
#   bench/archive-bench.sh            (RUNS=3 best-of runs; KEEP=1 keeps the temp dir for a look afterwards)
# Needs root for apt-get/pip when nginx or zipstream-ng are missing. Uses about 8 GiB under $TMPDIR (/var/tmp).
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-3}
port_nginx=18081 port_zip=18082 port_ours=18083

command -v nginx >/dev/null || apt-get install -y nginx-light >&2
command -v zipserver >/dev/null || pip install -q zipstream-ng==1.9.3 >&2
pkg-config --exists libcurl 2>/dev/null || apt-get install -y libcurl4-openssl-dev >&2
swift build -c release --product gallery-archive >&2
bin="$(swift build -c release --show-bin-path)/gallery-archive"

tmp=$(mktemp -d "${TMPDIR:-/var/tmp}/archive-bench.XXXXXX")
chmod 755 "$tmp"   # nginx's workers run as nobody
pids=()   # nginx and zipserver; $ours is our server of the moment
ours=
cleanup() {
    for pid in "${pids[@]}" $ours; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
    [[ ${KEEP:-0} == 1 ]] || rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

log() { echo "[$(date -u +%H:%M:%S)] $*" >&2; }
wait_for() {  # URL PID: poll until the server answers (any status) or dies
    for _ in $(seq 1 200); do
        curl -s -o /dev/null "$1" && return 0
        kill -0 "$2" 2>/dev/null || { echo "server for $1 exited; see $tmp/*.log" >&2; exit 1; }
        sleep 0.05
    done
    echo "no answer from $1" >&2; exit 1
}

# Data: AES-CTR keystream (fast and incompressible), cut into files; media/large and media/small.
# openssl dies of SIGPIPE when head has enough; that is the normal end, not a failure (pipefail).
random_bytes() { (openssl enc -aes-128-ctr -nosalt -pbkdf2 -pass "pass:$1" </dev/zero 2>/dev/null || true) | head -c "$2"; }
log "writing 8 x 256 MiB and 8000 x 256 KiB under $tmp/media"
mkdir -p "$tmp/media/large" "$tmp/media/small" "$tmp/static" "$tmp/data"
random_bytes large $((8 * 256 << 20)) | split -b $((256 << 20)) -a 1 -d --additional-suffix=.bin - "$tmp/media/large/file-"
random_bytes small $((8000 * 256 << 10)) | split -b $((256 << 10)) -a 4 -d --additional-suffix=.bin - "$tmp/media/small/file-"

# Our service: one album per data set, owned by a user with the API key bench-key-<set>.
for set in large small; do
    "$bin" import-album "$tmp/media/$set" --data "$tmp/data" --api-key "bench-key-$set" --name "$set" >"$tmp/$set.album"
done
start_ours() {
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

# Timed downloads to /dev/null: each case RUNS times, servers interleaved so background load hits all alike.
results="$tmp/results.txt"
timed() { curl -s -o /dev/null -w '%{size_download} %{time_total}\n' "$@"; }
for set in large small; do
    for run in $(seq 1 "$runs"); do
        log "$set, run $run/$runs (load: $(cut -d' ' -f1-3 /proc/loadavg))"
        echo "$set nginx $(timed "http://127.0.0.1:$port_nginx/$set.zip")" >>"$results"
        echo "$set zipstream-ng $(timed --data "files=$set" "http://127.0.0.1:$port_zip/")" >>"$results"
        echo "$set gallery-archive $(ours_curl "$set" -o /dev/null -w '%{size_download} %{time_total}\n')" >>"$results"
    done
done
echo "## Throughput (best of $runs, MB = 10^6 bytes)"
python3 bench/archive-bench.py summarize "$results"
hwm() { awk '/VmHWM/ {printf "%.1f MiB", $2 / 1024}' "/proc/$1/status"; }
echo
echo "zipserver peak RSS after its timed runs: $(hwm "$zipserver")"

# Peak RSS (VmHWM) of a fresh gallery-archive process per measurement: a peak never comes down.
echo
echo "## gallery-archive peak RSS (VmHWM of a fresh process)"
for set in large small; do
    for clients in 1 16; do
        stop_ours; start_ours
        before=$(hwm "$ours")
        started=$(date +%s.%N)
        clients_pids=()
        for _ in $(seq 1 "$clients"); do
            ours_curl "$set" -o /dev/null -w '%{size_download}\n' >>"$tmp/rss-$set-$clients" &
            clients_pids+=($!)
        done
        for pid in "${clients_pids[@]}"; do wait "$pid"; done
        elapsed=$(echo "$(date +%s.%N) - $started" | bc)
        bytes=$(awk '{s += $1} END {printf "%.0f", s}' "$tmp/rss-$set-$clients")
        echo "- $set, $clients concurrent: peak $(hwm "$ours") (idle $before); $bytes bytes in ${elapsed}s" \
             "($(echo "$bytes / $elapsed / 1000000" | bc) MB/s aggregate)"
    done
done
