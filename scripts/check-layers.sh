#!/usr/bin/env bash
# Checks that imports point down the layer table of ARCHITECTURE.md: pure targets import no I/O modules,
# and no target imports one above it. Package.swift dependency lists enforce the rest.
set -euo pipefail
cd "$(dirname "$0")/.."
status=0

# target: the modules it may import (the standard library needs no entry)
declare -A allowed=(
    [SIPMessage]=""
    [SDP]=""
    [SIPTransaction]="SIPMessage Synchronization"
    [SIPDialog]="SIPMessage SDP Crypto Synchronization"
    [SIPTransport]="SIPMessage NIOCore NIOPosix NIOSSL Logging Synchronization"
    [Codecs]="CSpanDSP COpus CBcg729 CGSM CAVCodec CSampleRate Glibc Darwin"
    [RTP]="CSRTP"
    [Directory]=""
    [Store]="Directory Crypto _CryptoExtras Foundation Synchronization"
    [Speech]="Codecs CFlite Foundation Synchronization Glibc"
    [Voicemail]="CallControl Directory Store Speech Logging CoreMetrics Foundation"
    [CallControl]="Directory SIPMessage SIPDialog SIPEndpoint SDP MediaEngine Speech Codecs Logging"
    [MediaEngine]="Codecs RTP SDP NIOCore NIOPosix Logging Synchronization Foundation Glibc"
)

for target in "${!allowed[@]}"; do
    [[ -d Sources/$target ]] || continue
    while IFS= read -r line; do
        file=${line%%:*}
        module=$(sed -E 's/^[[:space:]]*((public|internal|package|@preconcurrency|@_implementationOnly) )*import ((class|struct|enum|protocol|func|var) )?([A-Za-z0-9_]+).*/\5/' <<<"${line#*:}")
        if [[ " ${allowed[$target]} " != *" $module "* ]]; then
            echo "layering: $file imports $module, which $target may not import" >&2
            status=1
        fi
    done < <(grep -rHE --include='*.swift' '^[[:space:]]*((public|internal|package|@preconcurrency) )*import ' "Sources/$target" || true)
done
exit $status
