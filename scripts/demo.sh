#!/usr/bin/env bash
# Builds gallery-archive, seeds the demo library (fixtures/media) into .demo/, starts the service on 127.0.0.1
# and prints curl commands for an album, a selection and a shared-link download that work as printed.
#   scripts/demo.sh [--postgres] [PORT]        (default 2284; Ctrl-C stops the server)
# With --postgres the service runs as it would beside Gallery: a local PostgreSQL 15 gets Gallery's tables
# (fixtures/gallery-schema/v3.sql) holding the demo library, and `serve` reads it through Immich's DB_URL.
# With IMMICH_S3_BUCKET/_ENDPOINT/_ACCESS_KEY_ID/_SECRET_ACCESS_KEY set, one demo asset is uploaded to that bucket
# and the archives mix disk and S3.
set -euo pipefail
cd "$(dirname "$0")/.."
postgres=false
if [ "${1:-}" = "--postgres" ]; then postgres=true; shift; fi
port=${1:-2284}

# DESIGN §1: a fresh Debian machine lacks the libcurl headers the S3 client builds against.
if ! pkg-config --exists libcurl 2>/dev/null; then
    apt-get update -qq >&2 && apt-get install -y -qq libcurl4-openssl-dev >&2
fi

swift build --product gallery-archive >&2
bin="$(swift build --show-bin-path)/gallery-archive"
data="$PWD/.demo"
mkdir -p "$data"
export IMMICH_MEDIA_LOCATION="$data/media"
stop_postgres=true
if $postgres; then
    # A database created from the test schema, standing in for Gallery's (scripts/pg-server.sh).
    eval "$(scripts/pg-server.sh start "$data/postgres")"
    stop_postgres='scripts/pg-server.sh stop "$data/postgres"'
    psql -X -q -v ON_ERROR_STOP=1 -c "DROP DATABASE IF EXISTS gallery" -c "CREATE DATABASE gallery"
    psql -X -q -v ON_ERROR_STOP=1 -d gallery -f fixtures/gallery-schema/v3.sql
    export DB_URL="postgres://postgres@127.0.0.1:$PGPORT/gallery"
fi

"$bin" demo --fixtures fixtures --data "$data" --url "http://127.0.0.1:$port" >"$data/commands.txt"
if $postgres; then
    echo "Serving beside a Gallery database, as README's \"Run beside Gallery\" command does:" >&2
    echo "  DB_URL=$DB_URL IMMICH_MEDIA_LOCATION=$IMMICH_MEDIA_LOCATION $bin serve --host 127.0.0.1 --port $port" >&2
fi
"$bin" serve --host 127.0.0.1 --port "$port" --data "$data" &
server=$!
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; eval "$stop_postgres"' EXIT INT TERM

for _ in $(seq 1 100); do
    curl -sf -o /dev/null "http://127.0.0.1:$port/health" && break
    kill -0 "$server" 2>/dev/null || { echo "gallery-archive serve exited; see the log above" >&2; exit 1; }
    sleep 0.1
done
curl -sf -o /dev/null "http://127.0.0.1:$port/health" || { echo "the server did not answer /health" >&2; exit 1; }

echo
echo "gallery-archive is serving the demo library on http://127.0.0.1:$port (Ctrl-C stops it)."
echo "Paste these into another shell, in a scratch directory (they write album.zip, selection.zip, ...):"
echo
cat "$data/commands.txt"
wait "$server"
