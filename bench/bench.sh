#!/usr/bin/env bash
# Drives a RUNNING TimeOS server and prints its figures (bench/README.md). Usage:
#   bench/bench.sh [--port 9080] [--jobs 20000] [--threads 4] [--precise 200]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
port=9080
for ((i = 1; i <= $#; i++)); do [[ "${!i}" == --port ]] && { j=$((i + 1)); port="${!j}"; }; done
# The admin of the server's environment (liberty:run's development user unless TIMEOS_ADMIN_USER/PASSWORD are set).
curl -fsS -u "${TIMEOS_ADMIN_USER:-admin}:${TIMEOS_ADMIN_PASSWORD:-timeos-dev-admin}" "http://localhost:${port}/api/stats" > /dev/null || { echo "no TimeOS at localhost:${port} (start it: mvn liberty:run)" >&2; exit 1; }
exec python3 "$here/bench.py" "$@"
