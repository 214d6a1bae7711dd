# Sourced by bench/run after the measurements: write_report prints the results file (Markdown) and draws
# the charts next to it. Reads the variables bench/run filled in; every number below comes from this run.

ms_list() { local v; for v in $1; do us2ms "$v"; echo; done | tr '\n' ' '; }   # "us us .." -> "ms ms .."
# pairwise OP over two repeat-ordered lists: "a1 a2 a3" "b1 b2 b3" -> "a1/b1 ..." (or a-b)
pairwise() {
    awk -v a="$1" -v b="$2" -v op="$3" 'BEGIN { n = split(a, x, " "); split(b, y, " ")
        for (i = 1; i <= n; i++) { if (op == "/") printf "%.3f ", (y[i] > 0 ? x[i] / y[i] : 0); else printf "%.3f ", (x[i] - y[i]) / 1000 } }'
}
verdict() {  # verdict VALUE OP LIMIT -> met / MISSED
    awk -v v="$1" -v op="$2" -v l="$3" 'BEGIN { if (v == "" || v == "-") { print "not measured"; exit }
        ok = (op == "<=") ? (v <= l) : (v >= l); print ok ? "met" : "**missed**" }'
}
slash_part() {  # slash_part "a/b c/d" 1 -> "a c"
    local v; for v in $1; do echo "${v%%/*}"; done | { if [[ $2 == 1 ]]; then cat; else :; fi; } | tr '\n' ' '
    [[ $2 == 2 ]] && for v in $1; do echo "${v##*/}"; done | tr '\n' ' '
    return 0
}

draw_charts() {
    local proto png
    for proto in grpc json; do
        png=$RESULTS_DIR/$DATE-latency-$proto.png
        local plots=() path title
        for path in "${PATHS[@]}"; do
            [[ -s $WORK/dist/$path-$proto.dat ]] || continue
            case $path in direct) title="direct";; weft) title="weft (2 sidecars, mTLS)";;
                weftbase) title="weft, baseline sidecar";; haproxy) title="HAProxy (2 hops, mTLS)";; esac
            plots+=("'$WORK/dist/$path-$proto.dat' using 3:2 with lines lw 2 title '$title'")
        done
        ((${#plots[@]})) || continue
        local joined; joined=$(IFS=,; echo "${plots[*]}")
        gnuplot <<EOF 2>>"$WORK/gnuplot.log" || true
set terminal pngcairo size 900,520 noenhanced font ",10"
set output '$png'
set title "sum Add ($proto) at $RATE req/s: latency by percentile, $REPEATS x ${DURATION}s merged"
set logscale x
set xrange [1:10000]
set logscale y
set xlabel "percentile"
set ylabel "latency (ms)"
set xtics ("50%%" 2, "90%%" 10, "99%%" 100, "99.9%%" 1000, "99.99%%" 10000)
set grid
set key top left
plot $joined
EOF
    done
}

write_report() {
    local java_version h2_version ha_version model
    java_version=$(java -version 2>&1 | tr '\n' ' ')
    h2_version=$(h2load --version 2>&1 | head -1)
    ha_version=$(haproxy -v 2>&1 | head -1)
    model=$(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)
    draw_charts

    cat <<EOF
# weft benchmark results — $DATE

Produced by \`bench/run\` in one run (${ELAPSED} s wall clock, started $(date -u -d "@$T0" +%H:%M:%SZ)).
Settings for this run: \`BENCH_DURATION=$DURATION BENCH_REPEATS=$REPEATS BENCH_WARMUP=$WARMUP BENCH_CLIENTS=$CLIENTS
BENCH_STREAMS=$STREAMS BENCH_RATE=$RATE BENCH_PROP_CHANGES=$PROP_CHANGES BENCH_SCALE_POINTS="$SCALE_POINTS"
BENCH_SCALE_WINDOW=$SCALE_WINDOW BENCH_SCALE_RATE=$SCALE_RATE BENCH_SECTIONS="$SECTIONS"\`.

## Machine and software

| | |
| --- | --- |
| CPU | $(nproc) x $model |
| memory | $(free -m | awk '/^Mem:/ { print $2 " MiB" }') |
| kernel | $(uname -sr) |
| JVM | $java_version |
| sidecar JVM flags | \`$SIDECAR_JAVA_OPTS\` |
| app / control plane / stand-in flags | \`$APP_JAVA_OPTS\` / \`$CP_JAVA_OPTS\` / \`$INFRA_JAVA_OPTS\` |
| load generator | $h2_version (\`h2load -t 1\`, one thread) |
| HAProxy | $ha_version, default threads (one per CPU) |
| sidecar jar | \`$SIDECAR_JAR\`${BASELINE_SIDECAR_JAR:+; baseline \`$BASELINE_SIDECAR_JAR\`} |

Everything runs on this one machine over loopback and shares its $(nproc) cores: the load generator, the app,
both proxies of the measured path and (idle during data-plane points) the other paths' processes.
Numbers are medians of the repeats with the spread (min–max) in parentheses.

EOF
    if [[ " $SECTIONS " == *" dataplane "* ]]; then
        write_dataplane
    fi
    if [[ " $SECTIONS " == *" propagation "* ]]; then
        write_propagation
    fi
    if [[ " $SECTIONS " == *" scale "* ]]; then
        write_scale
    fi
    if [[ " $SECTIONS " == *" dataplane "* ]]; then
        write_footprint
        write_profile
    fi
    write_targets
}

write_dataplane() {
    cat <<EOF
## 1. Data plane: sum \`Add\` direct, through weft, through HAProxy

What is measured: the same \`Add(1, 2)\` call as unary gRPC (h2c, \`POST /weft.demo.sum.v1.SumService/Add\`) and as
JSON (\`POST /v1/sum\`), three ways:

- **direct**: h2load -> the app (sum's \`SumServiceImpl\` with gRPC reflection and Armeria's own JSON transcoding;
  \`java -jar bench/target/bench.jar app\`; sum.jar itself speaks gRPC only, so the JSON baseline needs this).
- **weft**: h2load -> outbound sidecar of service \`bench\` (127.0.0.1:<out>, \`:authority: sum\`) -> mTLS
  (certificates from the control plane) -> inbound sidecar of \`sum\` -> app. For JSON the sum sidecar
  transcodes to gRPC from reflected descriptors; the app receives gRPC.
- **HAProxy**: h2load -> HAProxy "outbound" (h2c) -> mTLS, HTTP/2 (EC P-256 certs from \`certs\` CLI, peer
  name checked) -> HAProxy "inbound" -> app over h2c. JSON passes through untouched and the app transcodes it.

Max throughput: closed loop, concurrency $((CLIENTS * STREAMS)) (\`-c $CLIENTS -m $STREAMS\`), ${DURATION} s per point.
Latency: fixed rate $RATE req/s (\`-c $RATE_CLIENTS -m 4 --rps $((RATE / RATE_CLIENTS))\`), ${DURATION} s per point, percentiles
from h2load's per-request log (time from request start to end of response). Each path got a ${WARMUP} s warm-up
first; the repeats interleave the paths (r1: all paths in order, r2: in reverse order, r3: in order, ...). Every path is checked to answer
\`sum = 3\` before it is measured (h2load alone would count a gRPC error as HTTP 200).

Commands (ports vary per run):
\`\`\`
h2load -t 1 -c $CLIENTS -m $STREAMS -D $DURATION --log-file F -d add.grpc -H 'content-type: application/grpc' -H 'te: trailers' [-H ':authority: sum'] http://127.0.0.1:PORT/weft.demo.sum.v1.SumService/Add
h2load -t 1 -c $CLIENTS -m $STREAMS -D $DURATION --log-file F -d add.json -H 'content-type: application/json' [-H ':authority: sum'] http://127.0.0.1:PORT/v1/sum
h2load -t 1 -c $RATE_CLIENTS -m 4 --rps $((RATE / RATE_CLIENTS)) -D $DURATION --log-file F ... (same request shapes)
java -jar sidecar.jar --service sum --instance-id sum-1 --app-port APP --app-protocol grpc --upstreams sum --consul-register true ...
java -jar sidecar.jar --service bench --instance-id bench-1 --app-port APP --app-protocol http --upstreams sum,prop0,...,prop3 --consul-register false ...
haproxy -db -f out.cfg ; haproxy -db -f in.cfg      (configs: see bench/run, start_haproxy)
\`\`\`

| path | call | max req/s (concurrency $((CLIENTS * STREAMS))) | p50 ms @ $RATE/s | p90 ms | p99 ms | failed requests (all points) |
| --- | --- | ---: | ---: | ---: | ---: | ---: |
EOF
    local path proto key
    for proto in grpc json; do
        for path in "${PATHS[@]}"; do
            key="$path/$proto"
            echo "| $path | $proto | $(cell ${MAXRPS[$key]}) | $(cell $(ms_list "${P50[$key]}")) | $(cell $(ms_list "${P90[$key]}")) | $(cell $(ms_list "${P99[$key]}")) | $(awk -v l="${ERRS[$key]}" 'BEGIN { n = split(l, x, " "); s = 0; for (i = 1; i <= n; i++) s += x[i]; print s }') |"
        done
    done
    cat <<EOF

Ratios and added latency (per repeat, then median and spread over the repeats):

| call | weft / direct throughput | weft / HAProxy throughput | HAProxy / direct throughput | weft adds p50 ms | p90 ms | p99 ms | HAProxy adds p50 ms | p90 ms | p99 ms |
| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
EOF
    for proto in grpc json; do
        local w=weft/$proto d=direct/$proto h=haproxy/$proto
        echo "| $proto | $(cell $(pairwise "${MAXRPS[$w]}" "${MAXRPS[$d]}" /)) | $(cell $(pairwise "${MAXRPS[$w]}" "${MAXRPS[$h]}" /)) | $(cell $(pairwise "${MAXRPS[$h]}" "${MAXRPS[$d]}" /)) | $(cell $(pairwise "${P50[$w]}" "${P50[$d]}" -)) | $(cell $(pairwise "${P90[$w]}" "${P90[$d]}" -)) | $(cell $(pairwise "${P99[$w]}" "${P99[$d]}" -)) | $(cell $(pairwise "${P50[$h]}" "${P50[$d]}" -)) | $(cell $(pairwise "${P90[$h]}" "${P90[$d]}" -)) | $(cell $(pairwise "${P99[$h]}" "${P99[$d]}" -)) |"
    done
    echo
    echo "Sidecar warm-up (JIT): max req/s of each 5 s warm-up chunk, in order, before the first measured point:"
    echo
    for path in "${PATHS[@]}"; do
        for proto in grpc json; do
            [[ $path == weft* ]] && echo "- $path $proto: ${WARM_CURVE[$path/$proto]# }"
        done
    done
    if [[ -n $BASELINE_SIDECAR_JAR ]]; then
        echo
        echo "### Before / after (same run): \`weft\` = sidecars from \`$SIDECAR_JAR\`, \`weftbase\` = both sidecars from \`$BASELINE_SIDECAR_JAR\`"
        echo
        echo "weftbase is the same chain (service \`benchbase\` -> mTLS -> service \`sumbase\` -> the same app), measured in the"
        echo "same interleaved repeats. Ratios per repeat, then median (min–max)."
        echo
        echo "| call | max req/s before | after | after / before | p50 ms before | after | p90 ms before | after | p99 ms before | after | CPU per 1,000 req/s before (in/out, cores) | after |"
        echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
        for proto in grpc json; do
            local w=weft/$proto b=weftbase/$proto
            echo "| $proto | $(cell ${MAXRPS[$b]}) | $(cell ${MAXRPS[$w]}) | $(cell $(pairwise "${MAXRPS[$w]}" "${MAXRPS[$b]}" /)) | $(cell $(ms_list "${P50[$b]}")) | $(cell $(ms_list "${P50[$w]}")) | $(cell $(ms_list "${P90[$b]}")) | $(cell $(ms_list "${P90[$w]}")) | $(cell $(ms_list "${P99[$b]}")) | $(cell $(ms_list "${P99[$w]}")) | $(cell $(slash_part "${CPU_RATE[$b]}" 1)) / $(cell $(slash_part "${CPU_RATE[$b]}" 2)) | $(cell $(slash_part "${CPU_RATE[$w]}" 1)) / $(cell $(slash_part "${CPU_RATE[$w]}" 2)) |"
        done
    fi
    cat <<EOF

Latency distributions at $RATE req/s (all repeats merged; x: percentile, log scale of 1/(1-p)):

![gRPC latency by percentile]($DATE-latency-grpc.png)
![JSON latency by percentile]($DATE-latency-json.png)

EOF
}

write_footprint() {
    cat <<EOF
## 4. Footprint (sidecars)

| | sum sidecar (inbound) | bench sidecar (outbound) |
| --- | ---: | ---: |
| RSS idle, after start, before any traffic (MiB) | $IDLE_RSS_SUM | $IDLE_RSS_BEN |
| RSS after each $RATE req/s gRPC point (MiB) | $(cell $(slash_part "${RSS_RATE[weft/grpc]}" 1)) | $(cell $(slash_part "${RSS_RATE[weft/grpc]}" 2)) |
| RSS after each $RATE req/s JSON point (MiB) | $(cell $(slash_part "${RSS_RATE[weft/json]}" 1)) | $(cell $(slash_part "${RSS_RATE[weft/json]}" 2)) |
| RSS after each max-throughput gRPC point (MiB) | $(cell $(slash_part "${RSS_MAX[weft/grpc]}" 1)) | $(cell $(slash_part "${RSS_MAX[weft/grpc]}" 2)) |
| RSS after each max-throughput JSON point (MiB) | $(cell $(slash_part "${RSS_MAX[weft/json]}" 1)) | $(cell $(slash_part "${RSS_MAX[weft/json]}" 2)) |
| CPU per 1,000 req/s, gRPC (cores, /proc/PID/stat over the fixed-rate point) | $(cell $(slash_part "${CPU_RATE[weft/grpc]}" 1)) | $(cell $(slash_part "${CPU_RATE[weft/grpc]}" 2)) |
| CPU per 1,000 req/s, JSON (cores) | $(cell $(slash_part "${CPU_RATE[weft/json]}" 1)) | $(cell $(slash_part "${CPU_RATE[weft/json]}" 2)) |
| start-to-ready in the mesh start-up (ms, launch to /readyz 200) | $SUM_READY_MS | $BEN_READY_MS |

Where the sum sidecar's memory goes, read after the data-plane points (\`jcmd PID VM.native_memory summary\`,
committed KiB; the sidecars run with \`-XX:NativeMemoryTracking=summary\` added for this, which itself
costs about 4 MiB; at that moment $NMT_RSS RssFile is mostly libjvm and the other mapped libraries):

\`\`\`
$NMT_SUMMARY
\`\`\`

Start-to-ready of a fresh sidecar (service \`probe\`, upstream \`sum\`, mesh already running; from \`java -jar\`
to the first \`/readyz\` 200, i.e. JVM start + key generation + CSR + certificate + first endpoints), $REPEATS
starts: **$(cell $STARTUP_MS) ms**. The same with an AppCDS archive of the sidecar's classes (written by one
training start with \`-XX:ArchiveClassesAtExit=F\`, then \`-XX:SharedArchiveFile=F\` on each start), $REPEATS starts:
**$(cell $STARTUP_CDS_MS) ms**.

EOF
}

write_profile() {
    local proto name
    cat <<EOF
## 5. Profile (JFR, weft path under max-throughput load)

\`jcmd <pid> JFR.start settings=profile\` on both sidecars during one extra ${PROFILE_DURATION} s max-throughput point per
call type (gRPC: ${PROFILE_RPS[grpc]:-?} req/s, JSON: ${PROFILE_RPS[json]:-?} req/s while recording), summarised
with \`java -jar bench/target/bench.jar jfr-top\` (jdk.ExecutionSample by top frame and by layer;
jdk.ObjectAllocationSample by class and site). Recordings: \`$WORK/*.jfr\`.

EOF
    for proto in grpc json; do
        for name in bench sum; do
            [[ -f $WORK/profile-$name-$proto.md ]] || continue
            echo "### $name sidecar ($([[ $name == bench ]] && echo outbound || echo inbound)), $proto"
            echo
            cat "$WORK/profile-$name-$proto.md"
        done
    done
}

write_propagation() {
    cat <<EOF
## 2. Propagation: Consul change -> state at a sidecar

$REPEATS repeats x $PROP_CHANGES changes: alternating register / deregister of instances of $PROP_PARALLEL services
(\`prop0..\`), changed concurrently, each by its own thread, through the Consul agent API of the stand-in; a
long-lived \`propK-base\` instance keeps each service present, so every change is an endpoint change. Each
sample: from just before the Consul call to the first poll (every 1 ms) of the bench sidecar's admin
\`/config\` that shows the change (a state the sidecar routes with: /config renders its live endpoint
groups). Changes of one service are ${PROP_GAP_MS}-$((PROP_GAP_MS + 100)) ms apart, more than the control
plane's per-watch rate limit (\`--consul-min-interval\`, default 500 ms), so no change waits behind that
limit; a burst of changes to one service within 500 ms would.

\`\`\`
java -jar bench/target/bench.jar propagation --consul http://127.0.0.1:CONSUL --admin http://127.0.0.1:ADMIN --service prop --changes $PROP_CHANGES --parallel $PROP_PARALLEL --gap-ms $PROP_GAP_MS
\`\`\`

| changes | p50 ms | p99 ms |
| --- | ---: | ---: |
| all ($PROP_CHANGES per repeat) | $(cell $(ms_list "$PROP_ALL_P50")) | $(cell $(ms_list "$PROP_ALL_P99")) |
| registrations | $(cell $(ms_list "$PROP_REG_P50")) | $(cell $(ms_list "$PROP_REG_P99")) |
| deregistrations | $(cell $(ms_list "$PROP_DEREG_P50")) | $(cell $(ms_list "$PROP_DEREG_P99")) |

Changes not seen within 10 s: $(awk -v l="$PROP_TIMEOUTS" 'BEGIN { n = split(l, x, " "); s = 0; for (i = 1; i <= n; i++) s += x[i]; print s }').

EOF
}

write_scale() {
    cat <<EOF
## 3. Control-plane scale

N light simulated sidecars (\`bench scale\`: one MeshDiscovery stream each, Hello with $SCALE_UPSTREAMS upstreams,
keepalives, no CSR; 50 streams share one TLS connection, all opened at once; a stream that fails is reopened
after a jittered backoff, as a sidecar would, and counted) x M services (2 instances each) in a fresh Consul
stand-in and a fresh control plane (\`$CP_JAVA_OPTS\`) per point. Then $REPEATS windows of ${SCALE_WINDOW} s of steady
churn at $SCALE_RATE changes/s (a churn instance of a random service registered or deregistered; at most one
change in flight per service). A sample is the time from the Consul call until the LAST subscriber of that
service has received an Endpoints push showing the change. CPU is the control plane's utime+stime over the
window; heap from \`jcmd PID GC.heap_info\` at the end of the window; "live heap" after \`jcmd PID GC.run\` at
the end of the point.

\`\`\`
java -jar bench/target/bench.jar scale --consul URL --control-plane 127.0.0.1:PORT --ca-file ca/root.pem --token T --streams N --services M --upstreams-per-stream $SCALE_UPSTREAMS --rate $SCALE_RATE --window-s $SCALE_WINDOW --windows $REPEATS --cp-pid PID
\`\`\`

| streams x services | subscribers per service | all streams have full state (ms; stream reopenings) | changes per window | push p50 ms | push p99 ms | push max ms | incomplete | CP RSS MiB | CP CPU cores | CP heap used MiB | live heap after full GC MiB |
| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
EOF
    local point f
    for point in $SCALE_POINTS; do
        f=$WORK/scale-$point.txt
        if ! grep -q '^scale window' "$f" 2>/dev/null; then
            echo "| $point | - | - | - | - | - | - | - | - | - | - | $(grep -m1 'scale failed' "$f" 2>/dev/null | cut -c1-200 | tr '|' '/') |"
            continue
        fi
        local head windows
        head=$(grep -m1 '^scale streams=' "$f")
        windows=$(grep '^scale window' "$f")
        col() { local k=$1 v; while read -r line; do v=$(kv "$k" " $line"); echo "$v"; done <<<"$windows" | tr '\n' ' '; }
        echo "| $point | $(kv subscribersPerService " $head") | $(kv allFullStateMs " $head") ($(kv reconnects " $head")) | $(cell $(col changes)) | $(cell $(ms_list "$(col p50)")) | $(cell $(ms_list "$(col p99)")) | $(cell $(ms_list "$(col max)")) | $(cell $(col incomplete)) | $(cell $(col rssMiB)) | $(cell $(col cpuCores)) | $(cell $(col heapUsedMiB)) | $(kv liveHeapAfterFullGcMiB " $(grep -m1 '^scale final' "$f")") |"
    done
    echo
}

write_targets() {
    echo "## Targets (issue 7) against this run"
    echo
    echo "| target | measured (median) | verdict |"
    echo "| --- | --- | --- |"
    if [[ " $SECTIONS " == *" dataplane "* ]]; then
        local proto r
        for proto in grpc json; do
            r=$(med $(pairwise "${MAXRPS[weft/$proto]}" "${MAXRPS[haproxy/$proto]}" /))
            echo "| weft throughput >= HAProxy's ($proto) | weft/HAProxy = $r | $(verdict "$r" '>=' 1) |"
        done
        for proto in grpc json; do
            r=$(med $(pairwise "${P90[weft/$proto]}" "${P90[direct/$proto]}" -))
            echo "| added latency p90 <= 1 ms ($proto, $RATE req/s) | $r ms | $(verdict "$r" '<=' 1) |"
            r=$(med $(pairwise "${P99[weft/$proto]}" "${P99[direct/$proto]}" -))
            echo "| added latency p99 <= 2 ms ($proto) | $r ms | $(verdict "$r" '<=' 2) |"
        done
        local rss
        rss=$(med $(slash_part "${RSS_RATE[weft/grpc]} ${RSS_RATE[weft/json]}" 1) $(slash_part "${RSS_RATE[weft/grpc]} ${RSS_RATE[weft/json]}" 2))
        echo "| sidecar RSS <= 96 MiB at $RATE req/s | $rss MiB (median over both sidecars, both calls) | $(verdict "$rss" '<=' 96) |"
        r=$(med $STARTUP_MS)
        echo "| start-to-ready <= 1.5 s | $r ms | $(verdict "$r" '<=' 1500) |"
        r=$(med $STARTUP_CDS_MS)
        echo "| start-to-ready <= 1.5 s, with an AppCDS archive | $r ms | $(verdict "$r" '<=' 1500) |"
    fi
    if [[ " $SECTIONS " == *" propagation "* ]]; then
        local p t; p=$(med $(ms_list "$PROP_ALL_P99"))
        t=$(awk -v l="$PROP_TIMEOUTS" 'BEGIN { n = split(l, x, " "); s = 0; for (i = 1; i <= n; i++) s += x[i]; print s }')
        if [[ $t == 0 ]]; then
            echo "| propagation p99 <= 250 ms | $p ms | $(verdict "$p" '<=' 250) |"
        else
            echo "| propagation p99 <= 250 ms | $p ms, but $t changes never showed within 10 s | **missed** |"
        fi
    fi
    if [[ " $SECTIONS " == *" scale "* ]]; then
        local f=$WORK/scale-5000x1000.txt
        if grep -q '^scale window' "$f" 2>/dev/null; then
            local p99s heap
            p99s=$(grep '^scale window' "$f" | while read -r line; do kv p99 " $line"; done | tr '\n' ' ')
            local p; p=$(med $(ms_list "$p99s"))
            heap=$(kv liveHeapAfterFullGcMiB " $(grep -m1 '^scale final' "$f")")
            echo "| control plane 5,000 x 1,000: push p99 <= 1 s | $p ms | $(verdict "$p" '<=' 1000) |"
            echo "| control plane 5,000 x 1,000: heap <= 1 GiB | live $heap MiB after full GC (run with -Xmx1g) | $(verdict "$heap" '<=' 1024) |"
        else
            echo "| control plane 5,000 x 1,000 | not measured in this run (see section 3) | not measured |"
        fi
    fi
    echo
}
