#!/usr/bin/env bash
# Installs the Debian 12 packages sop needs to build and test, if any are missing.
# Uses sudo when not root; never prompts (apt-get -y, noninteractive).
set -euo pipefail
packages=(g++ cmake ninja-build pkg-config git python3 mandoc
          libssl-dev libcli11-dev libyaml-cpp-dev libgit2-dev doctest-dev libvalijson-dev nlohmann-json3-dev)
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "sop: installing ${missing[*]}" >&2
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    export DEBIAN_FRONTEND=noninteractive
    $sudo apt-get update -qq
    $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# ajv-cli, a standard JSON Schema validator, cross-checks the schemas and the files sop writes
# (tests/e2e/t0950). From the npm registry into .cache/tools (git-ignored), where npm exists.
top=$(cd "$(dirname "$0")/.." && pwd)
tools="$top/.cache/tools"
if [ ! -x "$tools/node_modules/.bin/ajv" ] && command -v npm >/dev/null; then
    echo "sop: installing ajv-cli into $tools" >&2
    mkdir -p "$tools"
    npm install --prefix "$tools" --no-audit --no-fund --silent ajv-cli@5 ajv-formats@3 >/dev/null 2>&1 ||
        echo "sop: could not install ajv-cli; t0950 will say it was skipped" >&2
fi
exit 0
