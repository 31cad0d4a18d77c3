#!/usr/bin/env bash
# `make bench`, part 3: concurrent 30-second recordings — diverted calls leaving a message — against
# `herald serve --demo` on loopback. For each level N (RECORDINGS="…" to choose), a fresh server takes N/30 calls a
# second for 30 s; each caller skips the greeting with 1, talks (a tone) and hangs up after 31 s, so about N
# recordings run at once at the peak. The server's /metrics says what it stored and whether any audio was lost.
set -euo pipefail
cd "$(dirname "$0")/.."
herald=.build/release/herald
ticks=$(getconf CLK_TCK)

metric() { curl -s "http://127.0.0.1:$2/metrics" | awk -v name="$1" '$1 == name {print $2}' | head -1; }

echo "Concurrent 30-second recordings (call answering: greeting skipped, 30 s of talk, hang-up), fresh server per level"
printf "%-7s | %-22s | %-8s | %-9s | %-12s | %-11s | %-9s | %-10s\n" \
    "calls" "bench calls" "stored" "lost pkts" "concealed ms" "server CPU %" "peak MB" "KB/call"
for level in ${RECORDINGS:-100 300 500 1000}; do
    data=$(mktemp -d /tmp/herald-bench-recordings.XXXXXX)
    log="$data/serve.log"
    "$herald" serve --demo --data-dir "$data" --sip-port 0 --no-tls --http-port 0 --log-level warning >"$log" 2>&1 &
    server=$!
    for _ in $(seq 1 600); do grep -q "Herald demo is running" "$log" && break; sleep 0.1; done
    port=$(grep "listening udp" "$log" | sed 's/.*://')
    http=$(grep "listening http" "$log" | sed 's/.*://')
    idle=$(awk '/VmRSS/ {print $2}' "/proc/$server/status")
    peak=$idle
    before=$(awk '{print $14 + $15}' "/proc/$server/stat")
    start=$(date +%s.%N)
    rate=$(awk -v n="$level" 'BEGIN {printf "%.3f", n / 30}')
    # Mailboxes 4000-4003 share the calls, so no mailbox reaches its quota at the top level.
    generators=()
    for box in 4000 4001 4002 4003; do
        "$herald" bench calls --target "sip:5000@127.0.0.1:$port" --rate "$(awk -v r="$rate" 'BEGIN {printf "%.3f", r / 4}')" \
            --duration 30s --hold 31s --diversion "$box;reason=no-answer" --keys 1 --talk >"$data/bench-$box.txt" 2>&1 &
        generators+=($!)
    done
    # Sample the server's memory each second until every generator has finished.
    while kill -0 "${generators[@]}" 2>/dev/null || pgrep -P $$ -f "bench calls" >/dev/null; do
        rss=$(awk '/VmRSS/ {print $2}' "/proc/$server/status")
        (( rss > peak )) && peak=$rss
        sleep 1
    done
    wait "${generators[@]}" 2>/dev/null || true
    end=$(date +%s.%N)
    after=$(awk '{print $14 + $15}' "/proc/$server/stat")
    # The last recordings are committed as their BYEs arrive, which at the top level lags the generators: wait (up to
    # 2 min) until the server has no call left — calls a starved generator abandoned end by the media timeout.
    for _ in $(seq 1 120); do
        active=$(metric herald_calls_active "$http")
        [[ -z "$active" || "${active%.*}" == "0" ]] && break
        sleep 1
    done
    sleep 1
    attempted=0 failed=0
    for box in 4000 4001 4002 4003; do
        line=$(head -1 "$data/bench-$box.txt")
        attempted=$(( attempted + $(sed -E 's/calls attempted ([0-9]+).*/\1/' <<<"$line") ))
        failed=$(( failed + $(sed -E 's/.*failed ([0-9]+).*/\1/' <<<"$line") ))
    done
    stored=$(metric herald_messages_stored_total "$http")
    lost=$(metric herald_rtp_packets_lost_total "$http")
    concealed=$(metric herald_rtp_concealed_milliseconds_total "$http")
    percent=$(awk -v a="$after" -v b="$before" -v t="$ticks" -v s="$start" -v e="$end" 'BEGIN {printf "%.0f", (a - b) / t / (e - s) * 100}')
    perCall=$(( (peak - idle) / level ))
    printf "%-7s | %-22s | %-8s | %-9s | %-12s | %-11s | %-9s | %-10s\n" \
        "$level" "$attempted made, $failed failed" "${stored:-0}" "${lost:-0}" "${concealed:-0}" "$percent" "$(( peak / 1024 ))" "$perCall"
    if (( failed > 0 )); then
        cat "$data"/bench-*.txt | grep "failed:" | sed -E 's/^ *failed: ([0-9]+) × /\1\t/' \
            | awk -F'\t' '{count[$2] += $1} END {for (reason in count) printf "        failed: %d × %s\n", count[reason], reason}'
    fi
    kill "$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true
    rm -rf "$data"
done
