#!/usr/bin/env bash
# Issue 9's stress acceptance run: `gallery-archive stress` against the demo album (disk) and against an album of
# SeaweedFS objects (8 × 8 MiB, uploaded with `import-album --s3-prefix`), one server serving both.
#   bench/stress.sh [CLIENTS] [SECONDS]      (defaults 16 and 60; 20 % disconnects and 4 slow readers)
# The per-address and per-user bounds are raised for the run (every client is one address and one user here);
# the send deadline and every other setting keep their defaults. Prints each run's report; the server's log goes
# to $work/serve.log. Build: debug unless CONFIG=release.
set -euo pipefail
cd "$(dirname "$0")/.."
clients=${1:-16}
seconds=${2:-60}
config=${CONFIG:-debug}
port=${PORT:-2295}

swift build -c "$config" --product gallery-archive >&2
bin="$(swift build -c "$config" --show-bin-path)/gallery-archive"
work=$(mktemp -d)
server=""
trap '[ -n "$server" ] && kill "$server" 2>/dev/null; wait 2>/dev/null; scripts/s3-server.sh stop "$work/s3"; rm -rf "$work"' EXIT
mkdir -p "$work/s3" "$work/objects"
eval "$(scripts/s3-server.sh start "$work/s3")"
export IMMICH_MEDIA_LOCATION="$work/data/media" IMMICH_S3_ENDPOINT="$GA_TEST_S3_ENDPOINT" \
    IMMICH_S3_BUCKET="$GA_TEST_S3_BUCKET" IMMICH_S3_REGION="$GA_TEST_S3_REGION" \
    IMMICH_S3_ACCESS_KEY_ID="$GA_TEST_S3_ACCESS_KEY" IMMICH_S3_SECRET_ACCESS_KEY="$GA_TEST_S3_SECRET_KEY"
mkdir -p "$IMMICH_MEDIA_LOCATION"

"$bin" demo --fixtures fixtures --data "$work/data" --url "http://127.0.0.1:$port" >"$work/commands.txt"
demo_album=$(grep -o '"albumId":"[^"]*"' "$work/commands.txt" | head -1 | cut -d'"' -f4)
for i in $(seq 1 8); do head -c $((8 << 20)) /dev/urandom >"$work/objects/object-$i.bin"; done
s3_album=$("$bin" import-album "$work/objects" --data "$work/data" --api-key stress-s3-key --name "S3 album" \
    --s3-prefix "stress/$(date +%s)")
rm -rf "$work/objects"  # the album reads the bucket only

GALLERY_ARCHIVE_MAX_DOWNLOADS_PER_ADDRESS=256 GALLERY_ARCHIVE_MAX_DOWNLOADS_PER_USER=256 \
    "$bin" serve --host 127.0.0.1 --port "$port" --data "$work/data" >"$work/serve.log" 2>&1 &
server=$!
for _ in $(seq 1 100); do curl -sf -o /dev/null "http://127.0.0.1:$port/health" && break; sleep 0.1; done

run() {
    echo "== $1"
    "$bin" stress --url "http://127.0.0.1:$port" --api-key "$2" --album "$3" --clients "$clients" \
        --duration "$seconds" --disconnect-rate 0.2 --slow-readers 4 || echo "(exit status $?)"
}
run "demo album (disk)" demo-api-key-alice "$demo_album"
run "S3 album (SeaweedFS, 8 × 8 MiB)" stress-s3-key "$s3_album"
