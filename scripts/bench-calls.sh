#!/usr/bin/env bash
# `make bench`, part 2: call load against `herald serve --demo` on loopback. Starts the server (release build) on free
# ports, runs `herald bench calls` at several rates (RATES="…" to choose), and reports the server's CPU and memory per run.
set -euo pipefail
cd "$(dirname "$0")/.."
herald=.build/release/herald
data=$(mktemp -d /tmp/herald-bench-calls.XXXXXX)
log="$data/serve.log"
"$herald" serve --demo --data-dir "$data" --sip-port 0 --no-tls --http-port 0 --log-level warning >"$log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; rm -rf "$data"' EXIT
for _ in $(seq 1 600); do grep -q "Herald demo is running" "$log" && break; sleep 0.1; done
port=$(grep "listening udp" "$log" | sed 's/.*://')
[[ -n "$port" ]] || { echo "herald serve did not start"; cat "$log"; exit 1; }

cpu() { awk '{print $14 + $15}' "/proc/$server/stat"; }
rss() { awk '/VmRSS/ {print $2}' "/proc/$server/status"; }
ticks=$(getconf CLK_TCK)

echo "Calls to the pilot of herald serve --demo (answer, welcome prompt, caller hangs up after 2 s), 15 s per rate"
printf "%-6s | %-60s | %-12s | %-10s\n" "rate/s" "result" "server CPU %" "server MB"
for rate in ${RATES:-25 50 100 200 300 400}; do
    before=$(cpu)
    start=$(date +%s.%N)
    result=$("$herald" bench calls --target "sip:5000@127.0.0.1:$port" --rate "$rate" --duration 15s --hold 2s 2>&1 || true)
    end=$(date +%s.%N)
    after=$(cpu)
    percent=$(awk -v a="$after" -v b="$before" -v t="$ticks" -v s="$start" -v e="$end" 'BEGIN {printf "%.0f", (a - b) / t / (e - s) * 100}')
    summary=$(echo "$result" | tr '\n' ';' | sed 's/;$//')
    printf "%-6s | %-60s | %-12s | %-10s\n" "$rate" "$summary" "$percent" "$(( $(rss) / 1024 ))"
done

echo
echo "Diverted calls into voicemail (call answering: greeting, caller hangs up after 2 s; nothing is stored), 15 s per rate"
printf "%-6s | %-60s | %-12s | %-10s\n" "rate/s" "result" "server CPU %" "server MB"
for rate in ${VOICEMAIL_RATES:-50 100 200 300}; do
    before=$(cpu)
    start=$(date +%s.%N)
    result=$("$herald" bench calls --target "sip:5000@127.0.0.1:$port" --rate "$rate" --duration 15s --hold 2s \
        --diversion "4001;reason=no-answer" 2>&1 || true)
    end=$(date +%s.%N)
    after=$(cpu)
    percent=$(awk -v a="$after" -v b="$before" -v t="$ticks" -v s="$start" -v e="$end" 'BEGIN {printf "%.0f", (a - b) / t / (e - s) * 100}')
    summary=$(echo "$result" | tr '\n' ';' | sed 's/;$//')
    printf "%-6s | %-60s | %-12s | %-10s\n" "$rate" "$summary" "$percent" "$(( $(rss) / 1024 ))"
done

