#!/usr/bin/env bash
# Archives of S3 objects (issue 10): gallery-archive (release build, IMMICH_S3_* pointing at a real SeaweedFS started
# by scripts/s3-server.sh) serving an album of 8 x 256 MiB and one of 2,000 x 256 KiB objects, against the baseline
# of the same run: the curl command line fetching the same objects one after another (one curl process, one
# connection, presigned URLs signed by botocore) to /dev/null. Interleaved rounds (the order alternates), medians.
# Then the archive of 500 small objects with 20 ms added to every S3 request by tests/fault-proxy/fault_proxy.py
# (the proxy the S3 read-ahead tests use) between our server and SeaweedFS, timed end to end (POST to last byte).
# Results: a Markdown table on stdout and a JSON file for bench/plot.py.
#   bench/s3-archive-bench.sh
# Environment (defaults in brackets):
#   ROUNDS [5]   LARGE_FILES [8] LARGE_MIB [256]   SMALL_FILES [2000] SMALL_KIB [256]
#   LATENCY_FILES [500] LATENCY_KIB [4] LATENCY_MS [20]   (LATENCY_FILES=0 skips that case)
#   OUT [bench/results/s3-archive-<UTC time>.json]   KEEP=1 keeps the temp dir
#   GALLERY_ARCHIVE_BIN           a gallery-archive binary to use instead of building the release one
# For development: ROUNDS=2 LARGE_FILES=2 LARGE_MIB=32 SMALL_FILES=200 LATENCY_FILES=100 bench/s3-archive-bench.sh
# The objects are uploaded once per run (by `gallery-archive import-album --s3-prefix`) and removed with the server's
# data at the end; the full sets need about 5 GiB under $TMPDIR (/var/tmp): the files and SeaweedFS's copy.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/bench-lib.sh
runs=${ROUNDS:-5}
large_files=${LARGE_FILES:-8} large_mib=${LARGE_MIB:-256} small_files=${SMALL_FILES:-2000} small_kib=${SMALL_KIB:-256}
latency_files=${LATENCY_FILES:-500} latency_kib=${LATENCY_KIB:-4} latency_ms=${LATENCY_MS:-20}
out=${OUT:-bench/results/s3-archive-$(date -u +%Y%m%dT%H%M%SZ).json}
port_ours=18093

pkg-config --exists libcurl 2>/dev/null || apt-get install -y libcurl4-openssl-dev >&2
python3 -c 'import botocore' 2>/dev/null || pip install -q botocore >&2
if [[ -n ${GALLERY_ARCHIVE_BIN:-} ]]; then
    bin=$GALLERY_ARCHIVE_BIN
else
    swift build -c release --product gallery-archive >&2
    bin="$(swift build -c release --show-bin-path)/gallery-archive"
fi

tmp=$(mktemp -d "${TMPDIR:-/var/tmp}/s3-archive-bench.XXXXXX")
ours= proxy= proxy_stats=
cleanup() {
    for pid in $ours $proxy; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
    scripts/s3-server.sh stop "$tmp/s3" || true
    [[ ${KEEP:-0} == 1 ]] || rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM   # then the EXIT trap cleans up (a trap on INT alone would let the script run on)


log "starting SeaweedFS"
mkdir -p "$tmp/s3" "$tmp/media" "$tmp/data"
eval "$(scripts/s3-server.sh start "$tmp/s3")"
weed=$(cat "$tmp/s3/weed.pid")
s3_env=(IMMICH_S3_ENDPOINT="$GA_TEST_S3_ENDPOINT" IMMICH_S3_BUCKET="$GA_TEST_S3_BUCKET"
        IMMICH_S3_REGION="$GA_TEST_S3_REGION" IMMICH_S3_ACCESS_KEY_ID="$GA_TEST_S3_ACCESS_KEY"
        IMMICH_S3_SECRET_ACCESS_KEY="$GA_TEST_S3_SECRET_KEY" IMMICH_MEDIA_LOCATION="$tmp/media")

# Data: AES-CTR keystream (incompressible) cut into files, uploaded to prefix bench/<set>/ by import-album, which
# also adds one user (API key bench-key-<set>) and one album whose assets' originalPath are the relative keys.
presign() {  # SET ENDPOINT: a curl config fetching the set's objects one after another, by presigned GET URLs
    python3 - "$tmp/$1.names" "bench/$1" "$2" <<'PY'
import os, sys, botocore.session
from botocore.config import Config
names, prefix, endpoint = sys.argv[1:]
# The URL signs the Host header: sign for the endpoint the request goes to (SeaweedFS, or the proxy in front of it).
client = botocore.session.get_session().create_client(
    "s3", region_name=os.environ["GA_TEST_S3_REGION"], endpoint_url=endpoint,
    aws_access_key_id=os.environ["GA_TEST_S3_ACCESS_KEY"], aws_secret_access_key=os.environ["GA_TEST_S3_SECRET_KEY"],
    config=Config(signature_version="s3v4", s3={"addressing_style": "path"}))
for name in open(names).read().split():
    url = client.generate_presigned_url("get_object", ExpiresIn=6 * 3600,
                                        Params={"Bucket": os.environ["GA_TEST_S3_BUCKET"], "Key": f"{prefix}/{name}"})
    print(f'url = "{url}"\noutput = "/dev/null"')
PY
}
sets=(large small)
declare -A count=([large]=$large_files [small]=$small_files [latency]=$latency_files)
declare -A unit=([large]=$((large_mib << 20)) [small]=$((small_kib << 10)) [latency]=$((latency_kib << 10)))
[[ $latency_files -gt 0 ]] && sets+=(latency)
for set in "${sets[@]}"; do
    log "writing and uploading ${count[$set]} x ${unit[$set]} bytes ($set)"
    mkdir -p "$tmp/src/$set"
    random_bytes "$set" $((count[$set] * unit[$set])) \
        | split -b "${unit[$set]}" -a 5 -d --additional-suffix=.bin - "$tmp/src/$set/file-"
    env "${s3_env[@]}" "$bin" import-album "$tmp/src/$set" --s3-prefix "bench/$set" --data "$tmp/data" \
        --api-key "bench-key-$set" --name "$set" >"$tmp/$set.album"
    ls "$tmp/src/$set" >"$tmp/$set.names"
    presign "$set" "$GA_TEST_S3_ENDPOINT" >"$tmp/$set.curl"
    rm -rf "$tmp/src/$set"   # the bytes now live in SeaweedFS only
done

start_ours() {  # ENDPOINT
    env "${s3_env[@]}" IMMICH_S3_ENDPOINT="$1" GALLERY_ARCHIVE_MAX_DOWNLOADS_PER_USER=1000 \
        GALLERY_ARCHIVE_MAX_DOWNLOADS_PER_ADDRESS=1000 \
        "$bin" serve --host 127.0.0.1 --port $port_ours --data "$tmp/data" >>"$tmp/ours.log" 2>&1 &
    ours=$!
    wait_for "http://127.0.0.1:$port_ours/health" "$ours"
}
stop_ours() { kill "$ours"; wait "$ours" 2>/dev/null || true; ours=; }
plan() {  # SET: the /download/archive body for the set's album (one archive)
    curl -sf -H "x-api-key: bench-key-$1" -H 'content-type: application/json' \
        -d "{\"albumId\":\"$(cat "$tmp/$1.album")\"}" "http://127.0.0.1:$port_ours/api/download/info" >"$tmp/$1.info"
    python3 bench/archive-bench.py archive-body "$tmp/$1.info" >"$tmp/$1.body"
}
archive_curl() {  # SET, then curl options
    curl -sf -H "x-api-key: bench-key-$1" -H 'content-type: application/json' -d "@$tmp/$1.body" "${@:2}" \
        "http://127.0.0.1:$port_ours/api/download/archive"
}
check() {  # SET: our archive once, checked with unzip -t (not timed); the entry count must be the object count
    archive_curl "$1" -o "$tmp/check.zip"
    unzip -tq "$tmp/check.zip" >&2
    entries=$(unzip -Z1 "$tmp/check.zip" | wc -l)
    [[ $entries == "${count[$1]}" ]] || { echo "$1: $entries entries, expected ${count[$1]}" >&2; exit 1; }
    rm -f "$tmp/check.zip"
}

results="$tmp/throughput.jsonl"
fmt='%{size_download} %{time_total}\n'
fetch() {  # CLIENT SET ROUND
    case $1 in
    curl) python3 bench/archive-bench.py timed "$results" set="$2" server=curl round="$3" --pids "" \
        --upstream-pids "$weed" -- curl -sf -w "$fmt" -K "$tmp/$2.curl" ;;
    gallery-archive) python3 bench/archive-bench.py timed "$results" set="$2" server=gallery-archive round="$3" \
        --pids "$ours" --upstream-pids "$weed" -- archive_curl_cmd "$2" ;;
    esac
}
# timed runs a command, not a shell function: write the archive request as a small script.
cat >"$tmp/archive_curl_cmd" <<SH
#!/usr/bin/env bash
exec curl -sf -H "x-api-key: bench-key-\$1" -H 'content-type: application/json' -d "@$tmp/\$1.body" \
    -o /dev/null -w '%{size_download} %{time_total}\n' "http://127.0.0.1:$port_ours/api/download/archive"
SH
chmod +x "$tmp/archive_curl_cmd"
PATH="$tmp:$PATH"

start_ours "$GA_TEST_S3_ENDPOINT"
load_start=$(cut -d' ' -f1-3 /proc/loadavg)
for set in large small; do
    plan "$set"
    log "unzip -t on our $set archive"
    check "$set"   # also teaches the catalog every CRC: the timed archives are the steady state
    order=(curl gallery-archive)
    for round in $(seq 1 "$runs"); do
        log "$set, round $round/$runs (load: $(cut -d' ' -f1-3 /proc/loadavg))"
        if ((round % 2)); then fetch curl "$set" "$round"; fetch gallery-archive "$set" "$round"
        else fetch gallery-archive "$set" "$round"; fetch curl "$set" "$round"; fi
    done
done
stop_ours

if [[ $latency_files -gt 0 ]]; then
    # The fault proxy exits at EOF on its stdin (its parent gone): give it a FIFO it holds open itself (<>), and
    # stop it by its pid at the end.
    mkfifo "$tmp/proxy.in"
    python3 tests/fault-proxy/fault_proxy.py --upstream "${GA_TEST_S3_ENDPOINT#http://}" --latency-ms "$latency_ms" \
        <>"$tmp/proxy.in" >"$tmp/proxy.out" 2>"$tmp/proxy.log" &
    proxy=$!
    for _ in $(seq 1 200); do grep -q '^PORT' "$tmp/proxy.out" && break; kill -0 "$proxy" || exit 1; sleep 0.05; done
    proxy_endpoint="http://127.0.0.1:$(awk '/^PORT/ {print $2}' "$tmp/proxy.out")"
    start_ours "$proxy_endpoint"
    plan latency
    set=latency-${latency_files}x${latency_kib}KiB-${latency_ms}ms
    # The first archive, with no CRC known yet (as the read-ahead test's), then the steady state in rounds, each
    # beside curl fetching the same objects through the same proxy one after another.
    log "$set: first archive (no CRC known)"
    python3 bench/archive-bench.py timed "$results" set="$set-first" server=gallery-archive round=1 --pids "$ours" \
        --upstream-pids "$weed" -- archive_curl_cmd latency
    check latency
    presign latency "$proxy_endpoint" >"$tmp/latency-proxy.curl"
    for round in $(seq 1 "$runs"); do
        log "$set, round $round/$runs (load: $(cut -d' ' -f1-3 /proc/loadavg))"
        python3 bench/archive-bench.py timed "$results" set="$set" server=gallery-archive round="$round" \
            --pids "$ours" --upstream-pids "$weed" -- archive_curl_cmd latency
        python3 bench/archive-bench.py timed "$results" set="$set" server=curl round="$round" --pids "" \
            --upstream-pids "$weed" -- curl -sf -w "$fmt" -K "$tmp/latency-proxy.curl"
    done
    # One more archive (not timed) with the proxy's counters reset first: how many S3 connections it held at once.
    curl -sf -X POST -o /dev/null "$proxy_endpoint/__proxy/reset"
    archive_curl_cmd latency >/dev/null
    proxy_stats=$(curl -sf "$proxy_endpoint/__proxy/stats")
    log "fault proxy after one archive: $proxy_stats"
fi
load_end=$(cut -d' ' -f1-3 /proc/loadavg)

python3 bench/archive-bench.py summarize "$out" curl "$results" \
    kind=s3-archive date="$(date -u +%Y-%m-%dT%H:%M:%SZ)" commit="$(git rev-parse --short HEAD)" rounds="$runs" \
    large="${large_files}x${large_mib}MiB" small="${small_files}x${small_kib}KiB" \
    latency="${latency_files}x${latency_kib}KiB@${latency_ms}ms" load_start="$load_start" load_end="$load_end" \
    cpus="$(nproc)" kernel="$(uname -r)" binary="$bin" seaweedfs="$(weed version 2>/dev/null | head -1)" \
    proxy_stats="${proxy_stats:-}"
echo
echo "load average at start $load_start, at end $load_end"
