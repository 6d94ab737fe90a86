#!/usr/bin/env bash
# Builds a Release tree (build-release/) and runs sop-bench there; every argument is passed
# to sop-bench (see tests/bench/README.md):
#
#   tests/bench/run.sh                              # 10,000 tickets, 21 runs per command
#   tests/bench/run.sh --tickets 300 --runs 5       # the CI smoke test, well under a minute
#   tests/bench/run.sh --json bench.json --keep
#
# BUILD_DIR overrides the build directory.
set -euo pipefail

src=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
build=${BUILD_DIR:-$src/build-release}

# The machine first: the figures mean nothing without it.
echo "machine: $(nproc) CPUs, $(grep -m1 '^model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')," \
     "$(awk '/MemTotal/ {printf "%.1f GiB RAM", $2 / 1048576}' /proc/meminfo)"
echo "kernel:  $(uname -sr); file system of \${TMPDIR:-/tmp}: $(df -T "${TMPDIR:-/tmp}" | awk 'NR==2 {print $2}')"
echo "libgit2: $(pkg-config --modversion libgit2 2>/dev/null || echo unknown) (pkg-config)," \
     "$(git --version), $(c++ --version | head -1)"
echo "source:  $(git -C "$src" describe --always --dirty 2>/dev/null || echo unknown) ($src)"
echo "load:    $(cut -d' ' -f1-3 /proc/loadavg)"
echo

# -O3 with GCC 12 trips a false -Wrestrict in libstdc++'s string concatenation (GCC bug
# 105329) in several lib/ files, so the Release tree is built without -Werror.
cmake -S "$src" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DSOP_WERROR=ON >/dev/null
ninja -C "$build" sop sop-bench >/dev/null

exec "$build/sop-bench" --sop "$build/sop" "$@"
