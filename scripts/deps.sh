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
[ ${#missing[@]} -eq 0 ] && exit 0
echo "sop: installing ${missing[*]}" >&2
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
