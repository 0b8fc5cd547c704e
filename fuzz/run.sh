#!/bin/sh
# Runs both fuzz targets for SECONDS each (default 900) with a low priority; corpus in
# fuzz/corpus/<target>, seeded from fuzz/seeds/<target> (copies of the project's fixtures).
set -e
cd "$(dirname "$0")"
secs=${1:-900}
for t in vcard csv; do
    mkdir -p corpus/$t
    cp -n seeds/$t/* corpus/$t/ 2>/dev/null || true
    nice -n 15 cargo +nightly fuzz run $t corpus/$t -- -max_total_time=$secs -rss_limit_mb=2048 -max_len=262144
done
