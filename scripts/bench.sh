#!/bin/bash
# bench.sh: build, start `serve --demo` on an empty folder, time to healthy,
# then load each page with wrk as a signed-in user. Prints requests/s,
# mean latency and the server's CPU time per request (utime+stime over the
# wrk run divided by the requests served), which other work on a shared
# machine disturbs far less than requests/s.
# usage: scripts/bench.sh USER PATH...   (from the repository's root)
# env:   PORT (18300), BIN (a binary to run instead of building one), WRK ("-t2 -c32 -d6s")
set -e
PORT=${PORT:-18300}
WRK=${WRK:--t2 -c32 -d6s}
if [ -z "$BIN" ]; then BIN=$(mktemp -d)/ocop; go build -o "$BIN" ./cmd/ocop; fi
data=$(mktemp -d)
start=$(date +%s%N)
"$BIN" serve --demo --data "$data" --addr 127.0.0.1:$PORT >"$data/serve.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$data"' EXIT
until curl -fs http://127.0.0.1:$PORT/healthz >/dev/null; do sleep 0.02; done
echo "startup_ms $(( ($(date +%s%N)-start)/1000000 ))"
sleep 2; echo "rss_kb $(ps -o rss= -p $pid)"
user=$1; shift
curl -s -c "$data/jar" -o /dev/null -d "username=$user&password=ocop-demo-2026" http://127.0.0.1:$PORT/dang-nhap
cookie=$(awk '/ocop_session/ {print $7}' "$data/jar")
tick=$(getconf CLK_TCK)
for p in "$@"; do
  code=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: ocop_session=$cookie" "http://127.0.0.1:$PORT$p")
  c0=$(awk '{print $14+$15}' /proc/$pid/stat)
  out=$(wrk $WRK -H "Cookie: ocop_session=$cookie" "http://127.0.0.1:$PORT$p")
  c1=$(awk '{print $14+$15}' /proc/$pid/stat)
  n=$(echo "$out" | awk '/requests in/ {print $1}')
  r=$(echo "$out" | awk '/Requests\/sec/ {print $2} /Latency/ {print $2}' | tr '\n' ' ')
  echo "$p status=$code $r cpu_ms_per_req=$(awk -v a="$c0" -v b="$c1" -v n="$n" -v t="$tick" 'BEGIN {printf "%.2f", (b-a)*1000/t/n}')"
done
