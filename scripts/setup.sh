#!/usr/bin/env bash
# Installs the Debian and PyPI packages Herald's build and tests need, skipping what is present (idempotent).
set -euo pipefail
apt_packages=($1)
pip_packages=(${2:-})

missing=()
for p in "${apt_packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
    echo "setup: installing Debian packages: ${missing[*]}"
    sudo_cmd=""
    [[ $(id -u) -ne 0 ]] && sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if ((${#pip_packages[@]})); then
    missing=()
    for p in "${pip_packages[@]}"; do
        name="${p%%[=<>]*}"
        python3 -m pip show -q "$name" >/dev/null 2>&1 || missing+=("$p")
    done
    if ((${#missing[@]})); then
        echo "setup: installing PyPI packages: ${missing[*]}"
        python3 -m pip install -q "${missing[@]}"
    fi
fi

command -v swift >/dev/null || { echo "setup: Swift 6.3 is required (expected at /opt/swift); see README" >&2; exit 1; }
