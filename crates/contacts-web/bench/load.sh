#!/usr/bin/env bash
# Load benchmark of the web UI: the list page and the search API on a big business book.
#
#   crates/contacts-web/bench/load.sh            # 1,000,000 contacts, 15 s per run
#   COUNT=100000 DURATION=10 CONNECTIONS=32 crates/contacts-web/bench/load.sh
#   DB=/tmp/web1m.db SKIP_BUILD=1 CARGO_TARGET_DIR=/work/target-cli .../load.sh
#
# Needs wrk (Debian: apt-get install wrk) and curl. Builds the release binary, makes the
# database with `contacts demo` when it is missing (minutes for a million), sets a password
# with `contacts user passwd`, serves on 127.0.0.1 only, signs in, runs wrk against
#   /contacts?book=business          (the list page, HTML)
#   /api/v1/contacts?q=...           (the search API, 30 different queries, search.lua)
# and prints requests/s, latency percentiles, the server's resident memory (VmRSS, and
# the peak VmHWM) and the load average. The server is stopped at the end.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
COUNT="${COUNT:-1000000}"
DB="${DB:-/tmp/contacts-bench-$COUNT.db}"
PORT="${PORT:-18080}"
DURATION="${DURATION:-15}"
CONNECTIONS="${CONNECTIONS:-32}"
THREADS="${THREADS:-2}"
USER_NAME=bench
PASSWORD="bench-password-$$"
target="${CARGO_TARGET_DIR:-$root/target}"
bin="$target/release/contacts"
base="http://127.0.0.1:$PORT"

command -v wrk >/dev/null || { echo "wrk is missing (apt-get install wrk)" >&2; exit 1; }

if [ -z "${SKIP_BUILD:-}" ]; then
  echo "== build"
  (cd "$root" && cargo build --release -p contacts-cli --quiet)
fi

if [ ! -s "$DB" ]; then
  echo "== demo: $COUNT contacts into $DB"
  "$bin" --db "$DB" --user "$USER_NAME" demo --count "$COUNT"
fi
printf '%s\n' "$PASSWORD" | "$bin" --db "$DB" --user "$USER_NAME" user passwd "$USER_NAME"

echo "== serve on $base"
log="$(mktemp)"; jar="$(mktemp)"; samples="$(mktemp)"
"$bin" --db "$DB" serve --bind "127.0.0.1:$PORT" 2>"$log" &
server=$!
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; rm -f "$log" "$jar" "$samples"' EXIT
for _ in $(seq 1 100); do
  curl -s -o /dev/null "$base/login" && break
  sleep 0.1
done

echo "== sign in as $USER_NAME"
csrf="$(curl -s -c "$jar" "$base/login" | sed -n 's/.*name="_csrf" value="\([^"]*\)".*/\1/p' | head -n1)"
code="$(curl -s -o /dev/null -w '%{http_code}' -b "$jar" -c "$jar" \
  --data-urlencode "_csrf=$csrf" --data-urlencode "user=$USER_NAME" \
  --data-urlencode "password=$PASSWORD" "$base/login")"
session="$(awk '$6 == "contacts_session" { print $7 }' "$jar" | tail -n1)"
check="$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: contacts_session=$session" "$base/contacts?book=business")"
if [ "$check" != 200 ]; then
  echo "sign-in failed (login answered $code, list page $check)" >&2; cat "$log" >&2; exit 1
fi

rss() { awk '/^VmRSS|^VmHWM/ { printf "%s %s MB  ", $1, int($2 / 1024) }' "/proc/$server/status"; echo; }

# Samples VmRSS every 0.5 s while wrk runs; prints the largest.
run() {
  local name="$1"; shift
  echo
  echo "== $name: wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s  (load before: $(cut -d' ' -f1-3 /proc/loadavg))"
  : >"$samples"
  ( while kill -0 "$server" 2>/dev/null; do
      awk '/^VmRSS/ { print int($2 / 1024) }' "/proc/$server/status" >>"$samples"; sleep 0.5
    done ) &
  local sampler=$!
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency \
    -H "Cookie: contacts_session=$session" "$@"
  kill "$sampler" 2>/dev/null || true; wait "$sampler" 2>/dev/null || true
  echo "server RSS during the run: max $(sort -n "$samples" | tail -n1) MB; now: $(rss)"
  echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
}

echo "server at start: $(rss)"
run "list page" "$base/contacts?book=business"
run "search API" -s "$here/search.lua" "$base"
