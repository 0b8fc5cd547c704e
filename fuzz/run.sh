#!/bin/sh
# Runs both fuzz targets for SECONDS each (default 900) at a low priority; corpus in
# fuzz/corpus/<target>, seeded from fuzz/seeds/<target> (copies of the project's fixtures).
# A crash is saved under fuzz/artifacts/<target>/ and the next target still runs.
cd "$(dirname "$0")"
secs=${1:-900}
for t in csv vcard; do
    mkdir -p corpus/$t
    cp -n seeds/$t/* corpus/$t/ 2>/dev/null || true
    nice -n 10 cargo +nightly fuzz run $t corpus/$t -- -max_total_time=$secs -rss_limit_mb=2048 \
        -max_len=262144 -print_final_stats=1 || echo "fuzz target $t stopped: see above"
done
