#!/usr/bin/env bash
# The benchmark command (bench/README.md): builds the WAR, starts it on Liberty on Derby and/or PostgreSQL (a fresh
# database or schema each), drives it through its REST API (bench/bench.py) and prints JSON lines and a table.
#
#   bench/bench.sh [--db derby|postgresql|both] [--quick] [--no-build] [--war FILE] [--label NAME]
#                  [--port 9381] [--server tosbench] [--pg-schema timeos_bench] [--pg-database test]
#                  [--jfr DIR] [--out FILE] [any option of bench/bench.py: --drain N --late N --pending N ...]
#   bench/bench.sh --attach PORT [bench.py options]   drives a server you started yourself (mvn liberty:run)
#
# Needs: Java 17 (jcmd on the PATH for the heap figure), Maven, Python 3, curl, and for PostgreSQL psql and a server
# at 127.0.0.1:5432 where user postgres may create a schema.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
dbs=both build=1 war="" label="" port=9381 server=tosbench schema=timeos_bench pgdb=test jfr="" attach="" out=""
rest=()
while (($#)); do
    case "$1" in
        --db) dbs="$2"; shift 2 ;;
        --no-build) build=0; shift ;;
        --war) war="$(realpath "$2")"; shift 2 ;;
        --label) label="$2"; shift 2 ;;
        --port) port="$2"; shift 2 ;;
        --server) server="$2"; shift 2 ;;
        --pg-schema) schema="$2"; shift 2 ;;
        --pg-database) pgdb="$2"; shift 2 ;;
        --jfr) jfr="$(mkdir -p "$2" && realpath "$2")"; shift 2 ;;
        --attach) attach="$2"; shift 2 ;;
        --out) out="$(realpath "$2")"; shift 2 ;;
        *) rest+=("$1"); shift ;;
    esac
done
[[ "$dbs" == both ]] && dbs="postgresql derby"
results="${out:-$root/target/bench/results-$(date -u +%Y%m%dT%H%M%SZ).jsonl}"
mkdir -p "$(dirname "$results")"

if [[ -n "$attach" ]]; then
    curl -fsS -u "${TIMEOS_ADMIN_USER:-admin}:${TIMEOS_ADMIN_PASSWORD:-timeos-dev-admin}" \
        "http://localhost:${attach}/api/stats" > /dev/null || { echo "no TimeOS at localhost:${attach}" >&2; exit 1; }
    exec python3 "$here/bench.py" --port "$attach" --out "$results" "${rest[@]}"
fi

if ((build)); then
    # The WAR, and a Liberty laid out under target/liberty/wlp with the JDBC drivers (as for the container tests).
    (cd "$root" && mvn -B -q package -DskipTests liberty:create dependency:copy-dependencies@jdbc-drivers-for-test-server \
        -Dtimeos.liberty.server="$server")
fi
war="${war:-$root/target/timeos.war}"
wlp="$root/target/liberty/wlp"
[[ -f "$war" && -x "$wlp/bin/server" ]] || { echo "no $war or $wlp: run without --no-build" >&2; exit 1; }

# The bench's own admin (the shipped server.xml has no default password).
export TIMEOS_ADMIN_USER=bench TIMEOS_ADMIN_PASSWORD=bench-password
pid=""
stop_server() {
    if [[ -n "$pid" ]] && kill -0 "$pid" 2> /dev/null; then
        "$wlp/bin/server" stop "$server" > /dev/null 2>&1 || true
        for _ in $(seq 60); do kill -0 "$pid" 2> /dev/null || break; sleep 1; done
        kill -9 "$pid" 2> /dev/null || true
    fi
    pid=""
}
trap stop_server EXIT

for db in $dbs; do
    dir="$wlp/usr/servers/$server"
    rm -rf "$dir"
    mkdir -p "$dir"
    # The shipped configuration as is (included, not copied), plus the WAR at the root context.
    cat > "$dir/server.xml" << EOF
<?xml version="1.0" encoding="UTF-8"?>
<server description="TimeOS benchmark">
    <include location="$root/liberty/server.xml"/>
    <webApplication id="timeos" name="timeos" location="$war" contextRoot="/"/>
</server>
EOF
    cp "$root/liberty/jvm.options" "$dir/jvm.options"
    case "$db" in
        derby) url="jdbc:derby:$dir/data/bench;create=true" ;;
        postgresql)
            psql -h 127.0.0.1 -U postgres -d "$pgdb" -qAtX \
                -c "DROP SCHEMA IF EXISTS $schema CASCADE; CREATE SCHEMA $schema" > /dev/null
            url="jdbc:postgresql://127.0.0.1:5432/$pgdb?user=postgres&currentSchema=$schema" ;;
        *) echo "unknown --db $db (derby, postgresql, both)" >&2; exit 1 ;;
    esac
    log="$(dirname "$results")/$server-$db.log"
    # 'server run' execs the JVM: $! is the server's pid (jcmd GC.run, JFR).
    env -u JAVA_TOOL_OPTIONS -u JVM_ARGS -u WLP_USER_DIR -u WLP_OUTPUT_DIR \
        HTTP_PORT="$port" HTTPS_PORT="$((port + 1))" TIMEOS_DB_URL="$url" TIMEOS_METRICS_AUTHENTICATION=false \
        "$wlp/bin/server" run "$server" > "$log" 2>&1 &
    pid=$!
    for i in $(seq 240); do
        curl -fs -o /dev/null -u "$TIMEOS_ADMIN_USER:$TIMEOS_ADMIN_PASSWORD" "http://localhost:$port/api/stats" && break
        kill -0 "$pid" 2> /dev/null || { echo "the server exited; see $log" >&2; tail -20 "$log" >&2; exit 1; }
        ((i == 240)) && { echo "the server did not answer within 240 s; see $log" >&2; exit 1; }
        sleep 1
    done
    echo "== $db${label:+ ($label)}: server $server pid $pid on port $port, WAR $war" >&2
    python3 "$here/bench.py" --port "$port" --db "$db" --label "$label" --pid "$pid" --out "$results" \
        --pg-database "$pgdb" --pg-schema "$schema" ${jfr:+--jfr "$jfr/drain-$db${label:+-$label}.jfr"} "${rest[@]}" \
        | grep '^{'
    stop_server
done
echo "== all runs of this command (JSON lines in $results):" >&2
python3 "$here/bench.py" --table "$results"
