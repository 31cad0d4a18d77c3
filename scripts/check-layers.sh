#!/usr/bin/env bash
# Checks that imports point down the layer table of ARCHITECTURE.md: pure targets import no I/O modules,
# and no target imports one above it. Package.swift dependency lists enforce the rest.
set -euo pipefail
cd "$(dirname "$0")/.."
status=0

# target: modules it may import (beyond the standard library, Foundation-free for the pure layers)
declare -A allowed=(
    [SIPMessage]=""
    [SDP]=""
)

for target in "${!allowed[@]}"; do
    [[ -d Sources/$target ]] || continue
    while IFS= read -r line; do
        module=$(sed -E 's/^(public |internal |package |@preconcurrency |@_implementationOnly )*import (class |struct |enum |protocol |func |var )?([A-Za-z0-9_]+).*/\3/' <<<"${line#*:}")
        file=${line%%:*}
        if [[ " ${allowed[$target]} " != *" $module "* ]]; then
            echo "layering: $file imports $module, which $target may not import" >&2
            status=1
        fi
    done < <(grep -HE '^\s*((public|internal|package|@preconcurrency) )*import ' Sources/$target/*.swift || true)
done
exit $status
