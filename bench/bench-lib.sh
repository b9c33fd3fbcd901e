# Shell helpers shared by the archive benchmarks (sourced; expects $tmp to be the run's temp dir).

log() { echo "[$(date -u +%H:%M:%S)] $*" >&2; }

# URL PID: poll until the server answers (any status) or dies; 10 s deadline.
wait_for() {
    for _ in $(seq 1 200); do
        curl -s -o /dev/null "$1" && return 0
        kill -0 "$2" 2>/dev/null || { echo "server for $1 exited; see $tmp/*.log" >&2; exit 1; }
        sleep 0.05
    done
    echo "no answer from $1" >&2; exit 1
}

# SEED BYTES: AES-CTR keystream (fast and incompressible). openssl dies of SIGPIPE when head has enough; that is the
# normal end, not a failure (pipefail).
random_bytes() { (openssl enc -aes-128-ctr -nosalt -pbkdf2 -pass "pass:$1" </dev/zero 2>/dev/null || true) | head -c "$2"; }
