#!/usr/bin/env bash
# Catalog benchmark: POST /api/download/info for a 250,000-asset timeline and a 50,000-asset album, on PostgreSQL
# (Gallery's own tables, Immich v3 layout: fixtures/gallery-schema/v3.sql) and on the SQLite catalog, beside the
# time the database itself takes to return the same rows (the baseline, in the same run, interleaved run by run):
# `psql -f` of `COPY (<the service's SELECT>) TO STDOUT` > /dev/null, and the same SELECT through the sqlite3
# command line > /dev/null. "The same rows" are the service's two queries: the timeline's or album's assets, then
# the motion videos of their live photos (hidden assets, outside the timeline and the album).
# For each (catalog, scenario) a fresh `gallery-archive serve` (release build): 1 warm-up + RUNS timed requests
# (curl time_total), each answer checked (status 201, every expected asset id listed once); server CPU time
# (utime + stime) across the timed requests; peak RSS (VmHWM) at the end. Results: a Markdown table on stdout.
#   bench/catalog-bench.sh     (RUNS=5; ASSETS=250000 timeline assets, a multiple of 20, the album holds a fifth;
#                               KEEP=1 keeps the temp dir; BIN=path uses that gallery-archive instead of building)
# Targets: info <= 2 x raw query + 200 ms; peak RSS <= 128 MiB. Needs root for apt-get when psql/sqlite3/PostgreSQL
# 15 are missing; about 600 MiB under /tmp. Only 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-5}
assets=${ASSETS:-250000}
live_every=20    # every 20th timeline asset is a live photo still with a hidden motion video
(( assets % 20 == 0 )) || { echo "ASSETS must be a multiple of 20" >&2; exit 2; }
user_id=b3c4e000-0000-4000-8000-000000000001
album_id=b3c4e000-0000-4000-8000-0000000000a1
api_key=bench-api-key

log() { echo "[$(date -u +%H:%M:%S)] $*" >&2; }
command -v psql >/dev/null || apt-get install -y -qq postgresql-client >&2
command -v sqlite3 >/dev/null || apt-get install -y -qq sqlite3 >&2
pkg-config --exists libcurl 2>/dev/null || apt-get install -y -qq libcurl4-openssl-dev >&2
if [[ -n ${BIN:-} ]]; then
    bin=$(realpath "$BIN")   # a binary built elsewhere (e.g. from a clean checkout of one commit)
else
    log "building gallery-archive (release)"
    swift build -c release --product gallery-archive >&2
    bin="$(swift build -c release --show-bin-path)/gallery-archive"
fi

tmp=$(mktemp -d /tmp/catalog-bench.XXXXXX)   # under /tmp: pg-server.sh's user must reach it
mkdir -p "$tmp/media" "$tmp/sqlite" "$tmp/pgdata" "$tmp/csv" "$tmp/sql"
server=
cleanup() {
    if [[ -n $server ]]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
    scripts/pg-server.sh stop "$tmp/pg" || true
    [[ ${KEEP:-0} == 1 ]] || rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}
now_ns() { date +%s%N; }
ms_since() { awk -v a="$1" -v b="$(now_ns)" 'BEGIN { printf "%.1f", (b - a) / 1e6 }'; }
load() { cut -d' ' -f1-3 /proc/loadavg | tr ' ' ,; }

# --- PostgreSQL: Gallery's v3 tables and the generated library ----------------------------------------------------
log "starting PostgreSQL"
eval "$(scripts/pg-server.sh start "$tmp/pg")"
createdb bench
psql -X -q -v ON_ERROR_STOP=1 -d bench -f fixtures/gallery-schema/v3.sql >/dev/null
log "generating $assets timeline assets in PostgreSQL"
started=$(now_ns)
psql -X -q -v ON_ERROR_STOP=1 -d bench -v uid="$user_id" -v album="$album_id" -v n="$assets" -v live="$live_every" <<'SQL'
BEGIN;
INSERT INTO "user" (id, email, name) VALUES (:'uid', 'bench@example.invalid', 'bench');
-- v3: api_key.key is the raw sha256 digest of the plaintext key.
INSERT INTO api_key (id, name, key, "userId", permissions)
VALUES ('b3c4e000-0000-4000-8000-0000000000c1', 'bench', sha256(convert_to('bench-api-key', 'UTF8')), :'uid', '{all}');
-- n = 1..N; taken times about 1,600 s apart (12.7 years for 250,000) plus up to a day of jitter, in milliseconds.
CREATE TEMP TABLE gen AS
SELECT n, md5('asset-' || n)::uuid AS id,
       CASE WHEN n % :live = 0 THEN md5('motion-' || n)::uuid END AS motion,
       timestamptz '2012-01-01 00:00:00+00'
         + make_interval(secs => n * 1600 + (abs(hashint4(n)::bigint) % 86400000) / 1000.0) AS taken
FROM generate_series(1, :n) n;
-- Motion videos first (the still references its video): hidden, not in the timeline, not in the album.
INSERT INTO asset (id, "ownerId", type, "originalPath", "originalFileName", checksum, "checksumAlgorithm",
                   "fileCreatedAt", "fileModifiedAt", "localDateTime", visibility)
SELECT motion, :'uid', 'VIDEO', '/bench/media/' || n || '.mov', 'IMG_' || n || '.MOV',
       decode(md5('motion-' || n) || '00000000', 'hex'), 'sha1', taken, taken, taken, 'hidden'
FROM gen WHERE motion IS NOT NULL;
INSERT INTO asset (id, "ownerId", type, "originalPath", "originalFileName", checksum, "checksumAlgorithm",
                   "fileCreatedAt", "fileModifiedAt", "localDateTime", visibility, "livePhotoVideoId")
SELECT id, :'uid', 'IMAGE', '/bench/media/' || n || '.jpg', 'IMG_' || n || '.JPG',
       decode(md5('asset-' || n) || '00000000', 'hex'), 'sha1', taken, taken + interval '1 minute', taken,
       'timeline', motion
FROM gen;
INSERT INTO asset_exif ("assetId", "fileSizeInByte", "dateTimeOriginal")
SELECT motion, 1000000 + abs(hashint4(-n)::bigint) % 2000000, taken FROM gen WHERE motion IS NOT NULL
UNION ALL
SELECT id, 3000000 + abs(hashint4(n)::bigint) % 2000000, taken FROM gen;
INSERT INTO album (id, "albumName") VALUES (:'album', 'Bench album');
INSERT INTO album_user ("albumId", "userId", role) VALUES (:'album', :'uid', 'owner');
-- A fifth of the timeline, spread over all of it; a fifth of the live photo stills among them (5 %, as overall).
INSERT INTO album_asset ("albumId", "assetId") SELECT :'album', id FROM gen WHERE n % 5 = (n / 20) % 5;
COMMIT;
ANALYZE;
SQL
log "generated in $(ms_since "$started") ms: $(psql -X -A -t -d bench -c \
    "SELECT (SELECT count(*) FROM asset) || ' assets, ' || (SELECT count(*) FROM album_asset) || ' in the album'")"

# Expected ids per scenario (the assets and the motion videos of their stills), and the motion ids alone.
psql -X -A -t -d bench -c "SELECT \"livePhotoVideoId\" FROM asset WHERE \"ownerId\" = '$user_id'
    AND visibility IN ('timeline', 'archive') AND \"livePhotoVideoId\" IS NOT NULL ORDER BY 1" >"$tmp/timeline.motion"
psql -X -A -t -d bench -c "SELECT a.\"livePhotoVideoId\" FROM asset a JOIN album_asset aa ON aa.\"assetId\" = a.id
    WHERE aa.\"albumId\" = '$album_id' AND a.\"livePhotoVideoId\" IS NOT NULL ORDER BY 1" >"$tmp/album.motion"
{ psql -X -A -t -d bench -c "SELECT id FROM asset WHERE \"ownerId\" = '$user_id'
    AND visibility IN ('timeline', 'archive')"; cat "$tmp/timeline.motion"; } >"$tmp/timeline.expected"
{ psql -X -A -t -d bench -c "SELECT \"assetId\" FROM album_asset WHERE \"albumId\" = '$album_id'"
  cat "$tmp/album.motion"; } >"$tmp/album.expected"

# --- The service's SELECTs (AccessSQL.assetColumns / assetSources / present; PostgresQueries, SQLiteCatalog) -------
sources='asset a LEFT JOIN asset_exif e ON e."assetId" = a.id
    LEFT JOIN asset_file f ON f."assetId" = a.id AND f.type = '"'fullsize'"' AND f."isEdited"'
present='a."deletedAt" IS NULL AND a.status = '"'active'"
columns='a.id, a."originalPath", a."originalFileName", a."fileCreatedAt",
    a."fileModifiedAt", a."livePhotoVideoId", e."fileSizeInByte", f.path'
condition() {  # DIALECT SCENARIO
    local u=; [[ $1 == postgres ]] && u=::uuid
    case $2 in
        timeline) echo "a.\"ownerId\" = '$user_id'$u AND a.visibility IN ('timeline', 'archive')" ;;
        album) echo "a.id IN (SELECT aa.\"assetId\" FROM album_asset aa WHERE aa.\"albumId\" = '$album_id'$u)" ;;
    esac
}
motion_condition() {  # DIALECT SCENARIO: the motion ids as one list, as the service binds them
    if [[ $1 == postgres ]]; then
        echo "a.id IN (SELECT unnest('{$(paste -sd, "$tmp/$2.motion")}'::uuid[]))"
    else
        echo "a.id IN (SELECT value FROM json_each('[$(sed 's/.*/"&"/' "$tmp/$2.motion" | paste -sd,)]'))"
    fi
}
for scenario in timeline album; do
    for dialect in postgres sqlite; do
        main="SELECT $columns FROM $sources WHERE $present AND $(condition $dialect $scenario)"
        motion="SELECT $columns FROM $sources WHERE $present AND $(motion_condition $dialect $scenario)"
        if [[ $dialect == postgres ]]; then
            printf 'COPY (%s) TO STDOUT;\nCOPY (%s) TO STDOUT;\n' "$main" "$motion" >"$tmp/sql/$dialect-$scenario.sql"
        else
            printf '%s;\n%s;\n' "$main" "$motion" >"$tmp/sql/$dialect-$scenario.sql"
        fi
    done
done
raw_query() {  # CATALOG SCENARIO: the baseline, output to /dev/null
    if [[ $1 == postgres ]]; then
        psql -X -q -v ON_ERROR_STOP=1 -d bench -f "$tmp/sql/postgres-$2.sql" >/dev/null
    else
        sqlite3 -bail "$tmp/sqlite/catalog.sqlite" <"$tmp/sql/sqlite-$2.sql" >/dev/null
    fi
}

# --- SQLite: the service creates its schema; the same rows go in from PostgreSQL's export -------------------------
pg_env=(env DB_URL="postgres://postgres@127.0.0.1:$PGPORT/bench")
sqlite_env=(env -u DB_URL -u DB_HOSTNAME -u DB_PORT -u DB_USERNAME -u DB_PASSWORD -u DB_DATABASE_NAME -u DB_SSL_MODE)
start_server() {  # CATALOG: a fresh gallery-archive serve; sets $server and $port
    local run=("${sqlite_env[@]}") data="$tmp/sqlite"
    [[ $1 == postgres ]] && { run=("${pg_env[@]}"); data="$tmp/pgdata"; }
    port=$(free_port)
    IMMICH_MEDIA_LOCATION="$tmp/media" "${run[@]}" "$bin" serve --host 127.0.0.1 --port "$port" --data "$data" \
        >>"$tmp/serve-$1.log" 2>&1 &
    server=$!
    for _ in $(seq 1 600); do
        [[ $(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/health") == 200 ]] && return 0
        kill -0 "$server" 2>/dev/null || { tail -20 "$tmp/serve-$1.log" >&2; echo "server exited" >&2; exit 1; }
        sleep 0.1
    done
    tail -20 "$tmp/serve-$1.log" >&2; echo "no healthy answer from the $1 server" >&2; exit 1
}
stop_server() { kill "$server"; wait "$server" 2>/dev/null || true; server=; }

log "creating the SQLite catalog (serve once) and copying the rows"
start_server sqlite; stop_server
utc() { echo "to_char($1 AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.MS')"; }
psql -X -q -d bench -c "COPY (SELECT id, \"ownerId\", type, \"originalPath\", \"originalFileName\",
    encode(checksum, 'hex'), $(utc '"fileCreatedAt"'), $(utc '"fileModifiedAt"'), $(utc '"localDateTime"'),
    visibility, \"livePhotoVideoId\" FROM asset ORDER BY \"livePhotoVideoId\" IS NOT NULL, \"fileCreatedAt\")
    TO STDOUT WITH (FORMAT csv)" >"$tmp/csv/asset.csv"
psql -X -q -d bench -c "COPY (SELECT \"assetId\", \"fileSizeInByte\", $(utc '"dateTimeOriginal"') FROM asset_exif)
    TO STDOUT WITH (FORMAT csv)" >"$tmp/csv/asset_exif.csv"
psql -X -q -d bench -c "COPY (SELECT \"assetId\" FROM album_asset) TO STDOUT WITH (FORMAT csv)" >"$tmp/csv/album_asset.csv"
log "SQLite: $(python3 bench/catalog-bench.py load-sqlite "$tmp/sqlite/catalog.sqlite" "$tmp/csv" "$user_id" "$album_id")"

# --- Timed runs --------------------------------------------------------------------------------------------------
results="$tmp/results.txt"
info() {  # SCENARIO OUT: prints `status seconds`
    local body='{"userId":"'$user_id'"}'
    [[ $1 == album ]] && body='{"albumId":"'$album_id'"}'
    curl -s -o "$2" -w '%{http_code} %{time_total}' -H "x-api-key: $api_key" -H 'content-type: application/json' \
        -d "$body" "http://127.0.0.1:$port/api/download/info"
}
checked_info() {  # CATALOG SCENARIO: one request, checked; prints the milliseconds; sets $checked
    local answer status seconds
    answer=$(info "$2" "$tmp/info.json")
    read -r status seconds <<<"$answer"
    [[ $status == 201 ]] || { echo "$1 $2: status $status: $(head -c 500 "$tmp/info.json")" >&2; exit 1; }
    checked=$(python3 bench/catalog-bench.py check "$tmp/info.json" "$tmp/$2.expected")
    awk -v s="$seconds" 'BEGIN { printf "%.1f", s * 1000 }'
}
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
hwm_kib() { awk '/VmHWM/ { print $2 }' "/proc/$1/status"; }
tick=$(getconf CLK_TCK)

for catalog in postgres sqlite; do
    for scenario in timeline album; do
        start_server "$catalog"
        key="$catalog $scenario"
        echo "$key idle_hwm_kib $(hwm_kib "$server")" >>"$results"
        echo "$key load $(load)" >>"$results"
        log "$key: warm-up (load $(load))"
        checked_info "$catalog" "$scenario" >/dev/null
        read -r listed archives total <<<"$checked"
        echo "$key assets $listed" >>"$results"
        echo "$key archives $archives" >>"$results"
        raw_query "$catalog" "$scenario"
        cpu_before=$(cpu_ticks "$server")
        for run in $(seq 1 "$runs"); do
            started=$(now_ns); raw_query "$catalog" "$scenario"; raw=$(ms_since "$started")
            ms=$(checked_info "$catalog" "$scenario")
            log "$key run $run/$runs: info $ms ms, raw $raw ms (load $(load))"
            echo "$key info_ms $ms" >>"$results"
            echo "$key raw_ms $raw" >>"$results"
        done
        cpu_after=$(cpu_ticks "$server")
        echo "$key cpu_ms $(( (cpu_after - cpu_before) * 1000 / tick / runs ))" >>"$results"
        echo "$key hwm_kib $(hwm_kib "$server")" >>"$results"
        log "$key: $listed assets in $archives archives, $total bytes; peak RSS $(hwm_kib "$server") KiB"
        stop_server
    done
done

echo "## /download/info: $assets timeline assets, album of $((assets / 5)); $runs timed runs each (median, min-max)"
echo
if [[ -n ${BIN:-} ]]; then built="binary $bin"
else built="commit $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- Sources || echo ' (Sources modified)')"; fi
echo "$built, $(nproc) cores, $(free -g | awk '/Mem:/ { print $2 }') GiB," \
     "PostgreSQL $(psql -X -A -t -d bench -c 'SHOW server_version'), SQLite $(sqlite3 --version | cut -d' ' -f1)," \
     "$(date -u '+%Y-%m-%d %H:%M UTC')"
echo
python3 bench/catalog-bench.py summarize "$results"
if grep -qi 'error\|warning' "$tmp"/serve-*.log; then
    echo; echo "server log warnings/errors:"; grep -i 'error\|warning' "$tmp"/serve-*.log | head -20
fi
