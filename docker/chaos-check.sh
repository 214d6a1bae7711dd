#!/usr/bin/env bash
# Kills and restarts each container of an instance of the compose demo under traffic, and says whether
# the mesh held: every instance serves again within RECOVERY_LIMIT seconds of its container's restart,
# and no request fails where another instance could serve it. Run it from the repository root against
# a running demo (`docker compose up -d`, see docker/README.md):
#   docker/chaos-check.sh                  all steps
#   docker/chaos-check.sh sum-2 sum-2-sidecar
# Steps (compose services): sum-2 and sum-2-sidecar (sum-1 can serve: no sum request may fail),
# hello-1 and hello-1-sidecar (the only hello: its requests may fail until it is back; sum's may not),
# control-plane (a replica: every sidecar's stream is then on control-plane-2; no request may fail).
# Traffic: GET /sum/v1/sum/1/2 (gateway -> sum) and /hello/sum?a=1&b=2 (gateway -> hello -> sum),
# each every INTERVAL seconds. Exit 0 when every step held, 1 otherwise; a log of every request in
# $OUT (default a temporary directory).
set -euo pipefail

GATEWAY=${GATEWAY:-http://127.0.0.1:${WEFT_GATEWAY_PORT:-8080}}
INTERVAL=${INTERVAL:-0.05}
DOWN_SECONDS=${DOWN_SECONDS:-3}
RECOVERY_LIMIT=${RECOVERY_LIMIT:-10}
OUT=${OUT:-$(mktemp -d /tmp/weft-chaos.XXXXXX)}
mkdir -p "$OUT"
compose() { docker compose "$@"; }

steps=("$@")
[ ${#steps[@]} -gt 0 ] || steps=(sum-2 sum-2-sidecar hello-1 hello-1-sidecar control-plane)

now() { date +%s.%N; }

# One request per line: <epoch seconds> <path> <status> <x-weft-instance>
traffic() {
  local path=$1
  while :; do
    printf '%s %s %s\n' "$(now)" "$path" \
      "$(curl -s -o /dev/null --max-time 10 -w '%{http_code} %header{x-weft-instance}' "$GATEWAY$path" || true)"
    sleep "$INTERVAL"
  done
}

# Seconds from $1 until a request to $2 was served by instance $3 (from the traffic log), or "" if none.
served_after() {
  awk -v t="$1" -v p="$2" -v who="$3" '$1 > t && $2 == p && $3 == 200 && $4 == who { printf "%.1f", $1 - t; exit }' \
    "$OUT/requests.log"
}

# Failed requests to $3 between times $1 and $2.
failures() {
  awk -v from="$1" -v to="$2" -v p="$3" '$1 >= from && $1 <= to && $2 == p && $3 != 200' "$OUT/requests.log" | wc -l
}
requests() {
  awk -v from="$1" -v to="$2" -v p="$3" '$1 >= from && $1 <= to && $2 == p' "$OUT/requests.log" | wc -l
}

healthy() { [ "$(docker inspect -f '{{.State.Health.Status}}' "$(compose ps -q "$1")" 2>/dev/null)" = healthy ]; }

curl -fsS -o /dev/null --max-time 5 "$GATEWAY/sum/v1/sum/1/2" \
  || { echo "no demo answering at $GATEWAY (start it: docker compose up -d)" >&2; exit 2; }

: >"$OUT/requests.log"
traffic /sum/v1/sum/1/2 >>"$OUT/requests.log" &
pids=($!)
traffic '/hello/sum?a=1&b=2' >>"$OUT/requests.log" &
pids+=($!)
trap 'kill "${pids[@]}" 2>/dev/null || true' EXIT
echo "traffic: $GATEWAY/sum/v1/sum/1/2 and /hello/sum?a=1&b=2 every ${INTERVAL}s each; log $OUT/requests.log"
sleep 2

ok=true
for step in "${steps[@]}"; do
  case "$step" in
    sum-2|sum-2-sidecar) instance=sum-2; probe=/sum/v1/sum/1/2; strict=("/sum/v1/sum/1/2" "/hello/sum?a=1&b=2") ;;
    hello-1|hello-1-sidecar) instance=hello-1; probe='/hello/sum?a=1&b=2'; strict=("/sum/v1/sum/1/2") ;;
    control-plane|control-plane-2) instance=""; probe=""; strict=("/sum/v1/sum/1/2" "/hello/sum?a=1&b=2") ;;
    *) echo "unknown step $step (expected: sum-2 sum-2-sidecar hello-1 hello-1-sidecar control-plane control-plane-2)" >&2
       exit 2 ;;
  esac
  t0=$(now)
  compose kill "$step" >/dev/null 2>&1
  sleep "$DOWN_SECONDS"
  t1=$(now)
  compose start "$step" >/dev/null 2>&1
  line="$step: killed, started again after ${DOWN_SECONDS}s"
  if [ -n "$instance" ]; then
    # The instance serves again: a request answered by it, seen in the traffic.
    recovered=""
    deadline=$(( $(date +%s) + 60 ))
    while [ -z "$recovered" ] && [ "$(date +%s)" -lt "$deadline" ]; do
      sleep 0.5
      recovered=$(served_after "$t1" "$probe" "$instance")
    done
    if [ -z "$recovered" ]; then
      line+="; $instance did not serve again within 60s"; ok=false
    else
      line+="; $instance served again ${recovered}s after the restart"
      awk -v r="$recovered" -v l="$RECOVERY_LIMIT" 'BEGIN { exit !(r <= l) }' || { line+=" (over ${RECOVERY_LIMIT}s)"; ok=false; }
    fi
  else
    # A control-plane replica: every sidecar's stream is on the other one afterwards — moved there (one INFO
    # line) or already there (sidecars are spread over the replicas) — and no sidecar logged a WARN meanwhile.
    other=control-plane-2; [ "$step" = control-plane-2 ] && other=control-plane
    sleep 10
    moved=0; warned=0
    for sidecar in sum-1-sidecar sum-2-sidecar hello-1-sidecar gateway; do
      id=$(compose ps -q "$sidecar")
      last=$(docker logs "$id" 2>&1 | grep -o "Control plane stream to [^ ]* established" | tail -1)
      [[ $last == "Control plane stream to $other:"* ]] && moved=$((moved + 1))
      warned=$((warned + $(docker logs --since "${t0%.*}" "$id" 2>&1 | grep -c 'WARN' || true)))
    done
    line+="; sidecars whose stream is on $other: $moved of 4; WARN lines in their logs: $warned"
    [ "$moved" -eq 4 ] || ok=false
  fi
  # Wait until compose reports the container healthy again, then look at the window.
  for _ in $(seq 1 60); do healthy "$step" && break; sleep 1; done
  healthy "$step" && line+="; healthy" || { line+="; NOT healthy after 60s"; ok=false; }
  t2=$(now)
  for path in "${strict[@]}"; do
    n=$(failures "$t0" "$t2" "$path"); total=$(requests "$t0" "$t2" "$path")
    line+="; $path failed $n of $total"
    [ "$n" -eq 0 ] || ok=false
  done
  if [ "$instance" = hello-1 ]; then
    line+=" (hello requests failed while the only hello was down: $(failures "$t0" "$t2" "$probe") of $(requests "$t0" "$t2" "$probe"), expected)"
  fi
  echo "$line"
  sleep 2
done

kill "${pids[@]}" 2>/dev/null || true
trap - EXIT
wait 2>/dev/null || true
total=$(wc -l <"$OUT/requests.log")
echo "requests: $total, failed: $(awk '$3 != 200' "$OUT/requests.log" | wc -l) (all, including the expected hello ones)"
if $ok; then echo "chaos check: PASSED"; else echo "chaos check: FAILED (log $OUT/requests.log)"; exit 1; fi
