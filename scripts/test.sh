#!/usr/bin/env bash
# The whole test suite: unit tests and CLI end-to-end tests, built with warnings as errors,
# then the same suite again under AddressSanitizer + UndefinedBehaviorSanitizer.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
scripts/deps.sh

echo "== build (warnings as errors) and test"
scripts/build.sh build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSOP_WERROR=ON
(cd build && ctest --output-on-failure --parallel 2)

echo "== build with ASan+UBSan and test"
scripts/build.sh build-asan -DCMAKE_BUILD_TYPE=Debug -DSOP_WERROR=ON -DSOP_SANITIZE=ON
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:strict_string_checks=1
export LSAN_OPTIONS="suppressions=$top/tests/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
(cd build-asan && ctest --output-on-failure --parallel 2)
