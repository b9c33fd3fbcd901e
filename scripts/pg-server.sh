#!/usr/bin/env bash
# Starts or stops a throwaway PostgreSQL 15 server for the PostgreSQL catalog tests, on 127.0.0.1 only.
#   eval "$(scripts/pg-server.sh start DIR)"   prints the PGHOST/PGPORT/PGUSER/GALLERY_TEST_PG_URL exports
#   scripts/pg-server.sh stop DIR
# The cluster lives in DIR/data (trust auth, user postgres, no durability: fsync/full_page_writes off); its log is
# DIR/postgres.log. initdb and postgres refuse to run as root, so as root both run as the system user gallery-pg,
# which then owns DIR. Several servers may run at once, each in its own DIR on its own free port.
# Load a schema: createdb gallery && psql -v ON_ERROR_STOP=1 -d gallery -f fixtures/gallery-schema/v3.sql
set -euo pipefail

command_name=${1:?usage: pg-server.sh start|stop DIR}
dir=${2:?usage: pg-server.sh start|stop DIR}
pg_user=gallery-pg
pg_bin=${PG_BIN:-/usr/lib/postgresql/15/bin}

case "$command_name" in start | stop) ;; *) echo "usage: pg-server.sh start|stop DIR" >&2; exit 2 ;; esac
[ "$command_name" = start ] && mkdir -p "$dir"
[ -d "$dir" ] || exit 0  # stop: nothing there
dir=$(cd "$dir" && pwd)
data="$dir/data"

# Runs a PostgreSQL binary as gallery-pg when we are root, else as ourselves; from DIR, so the user can always
# enter its working directory.
as_pg() {
    if [ "$(id -u)" = 0 ]; then
        (cd "$dir" && runuser -u "$pg_user" -- "$@")
    else
        (cd "$dir" && "$@")
    fi
}

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

case "$command_name" in
start)
    if [ ! -x "$pg_bin/initdb" ]; then
        if [ "$(id -u)" != 0 ]; then
            echo "PostgreSQL 15 not found in $pg_bin (install postgresql-15, or set PG_BIN)" >&2
            exit 1
        fi
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq >&2
        apt-get install -y -qq postgresql-15 >&2 || apt-get install -y -qq postgresql >&2
        [ -x "$pg_bin/initdb" ] || { echo "postgresql installed, but $pg_bin/initdb is missing" >&2; exit 1; }
    fi

    if [ "$(id -u)" = 0 ]; then
        id -u "$pg_user" >/dev/null 2>&1 ||
            useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin "$pg_user"
        chown -R "$pg_user:" "$dir"
        # gallery-pg must be able to traverse DIR's parents. Below a sticky world-writable directory (/tmp) a
        # closed parent is the caller's own temp directory (mktemp -d is 0700): grant it search (o+x, no listing).
        # Elsewhere (e.g. /root) leave permissions alone and fail.
        in_tmp=false
        ancestor=""
        IFS=/ read -r -a parts <<<"${dir#/}"
        for part in "${parts[@]:0:${#parts[@]}-1}"; do
            ancestor="$ancestor/$part"
            if [ "$(stat -c %a "$ancestor")" = 1777 ]; then in_tmp=true; continue; fi
            if ! runuser -u "$pg_user" -- test -x "$ancestor" 2>/dev/null; then
                if ! $in_tmp; then
                    echo "$dir is not reachable by user $pg_user ($ancestor is closed); use a DIR under /tmp" >&2
                    exit 1
                fi
                chmod o+x "$ancestor"
            fi
        done
    fi

    if [ ! -f "$data/PG_VERSION" ]; then
        if ! as_pg "$pg_bin/initdb" -D "$data" --auth=trust --username=postgres -E UTF8 --locale=C --no-sync \
            >"$dir/initdb.log" 2>&1; then
            echo "initdb failed; see $dir/initdb.log" >&2
            tail -20 "$dir/initdb.log" >&2
            exit 1
        fi
        echo "include_if_exists = 'gallery-test.conf'" >>"$data/postgresql.conf"
    fi

    # The socket directory lives in DIR, unless DIR is so deep that the socket path would pass the 107-byte limit.
    socket_dir="$dir"
    if [ ${#socket_dir} -gt 80 ]; then
        socket_dir=$(mktemp -d /tmp/pg-sock.XXXXXX)
        if [ "$(id -u)" = 0 ]; then chown "$pg_user:" "$socket_dir"; fi
        echo "$socket_dir" >"$dir/socket-dir"
    fi

    # A free port, picked before the server binds it: on the rare race with another process, pick again.
    for attempt in 1 2 3; do
        port=$(free_port)
        cat >"$data/gallery-test.conf" <<EOF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$socket_dir'
max_connections = 200
fsync = off
synchronous_commit = off
full_page_writes = off
EOF
        if [ "$(id -u)" = 0 ]; then chown "$pg_user:" "$data/gallery-test.conf"; fi
        if as_pg "$pg_bin/pg_ctl" start -D "$data" -l "$dir/postgres.log" -w -t 60 >/dev/null 2>&1; then
            echo "export PGHOST=127.0.0.1 PGPORT=$port PGUSER=postgres" \
                "GALLERY_TEST_PG_URL=postgres://postgres@127.0.0.1:$port/postgres"
            exit 0
        fi
        grep -q 'could not bind\|could not create any TCP/IP sockets' "$dir/postgres.log" 2>/dev/null || break
        echo "port $port was taken; retrying ($attempt)" >&2
    done
    echo "PostgreSQL did not start; see $dir/postgres.log" >&2
    tail -20 "$dir/postgres.log" >&2 || true
    exit 1
    ;;
stop)
    if [ -f "$data/postmaster.pid" ]; then
        as_pg "$pg_bin/pg_ctl" stop -D "$data" -m fast -w -t 60 >/dev/null 2>&1 || true
    fi
    if [ -f "$dir/socket-dir" ]; then
        rm -rf "$(cat "$dir/socket-dir")"
        rm -f "$dir/socket-dir"
    fi
    ;;
*)
    echo "usage: pg-server.sh start|stop DIR" >&2
    exit 2
    ;;
esac
