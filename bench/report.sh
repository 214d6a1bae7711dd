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
slash_sum() {  # slash_sum "a/b c/d" -> "a+b c+d"
    local v; for v in $1; do awk -v x="${v%%/*}" -v y="${v##*/}" 'BEGIN { printf "%.3f ", x + y }'; done
}
title_of() {  # the legend of a path
    case $1 in direct) echo "direct";; weft) echo "weft (2 sidecars, mTLS)";; weftbase) echo "weft, baseline sidecar";;
        haproxy) echo "HAProxy (2 hops, mTLS)";; armeria) echo "Armeria relay (2 hops, mTLS)";;
        netty) echo "Netty relay (2 hops, mTLS)";; wefttrace1) echo "weft, tracing at 1 %";;
        wefttrace100) echo "weft, tracing at 100 %";; weftalog) echo "weft, access logs on";; esac
}
slash_part() {  # slash_part "a/b c/d" 1 -> "a c"
    local v; for v in $1; do echo "${v%%/*}"; done | { if [[ $2 == 1 ]]; then cat; else :; fi; } | tr '\n' ' '
    [[ $2 == 2 ]] && for v in $1; do echo "${v##*/}"; done | tr '\n' ' '
    return 0
}

draw_charts() {
    local proto png
    for proto in grpc json; do
        png=${OUT%.md}-latency-$proto.png   # next to the report, named after it (BENCH_OUT)
        local plots=() path title
        for path in "${PATHS[@]}"; do
            [[ -s $WORK/dist/$path-$proto.dat ]] || continue
            title=$(title_of "$path")
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
    h2_version=$(h2load --version 2>&1 | sed -n 1p)
    ha_version=$(haproxy -v 2>&1 | sed -n 1p)   # sed reads to the end: no SIGPIPE under pipefail
    model=$(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)
    draw_charts

    cat <<EOF
# weft benchmark results — $DATE

Produced by \`bench/run\` in one run (${ELAPSED} s wall clock, started $(date -u -d "@$T0" +%H:%M:%SZ)).
Settings for this run: \`BENCH_DURATION=$DURATION BENCH_REPEATS=$REPEATS BENCH_WARMUP=$WARMUP BENCH_CLIENTS=$CLIENTS
BENCH_STREAMS=$STREAMS BENCH_RATE=$RATE BENCH_PROP_CHANGES=$PROP_CHANGES BENCH_SCALE_POINTS="$SCALE_POINTS"
BENCH_SCALE_WINDOW=$SCALE_WINDOW BENCH_SCALE_RATE=$SCALE_RATE BENCH_SECTIONS="$SECTIONS" BENCH_PATHS="${PATHS[*]}"
BENCH_RELAY_CALLS="$RELAY_CALLS" BENCH_RELAY_DURATION=${RELAY_DURATION:-$DURATION} BENCH_WEFT_WARMUP=$WEFT_WARMUP BENCH_RELAY_WARMUP=$RELAY_WARMUP BENCH_COUNT=$COUNT
BENCH_COUNT_DURATION=$COUNT_DURATION BENCH_PROFILE=$PROFILE BENCH_PROFILE_DURATION=$PROFILE_DURATION BENCH_PROFILE_CALLS="$PROFILE_CALLS"\`.

## Machine and software

| | |
| --- | --- |
| CPU | $(nproc) x $model |
| memory | $(free -m | awk '/^Mem:/ { print $2 " MiB" }') |
| kernel | $(uname -sr) |
| JVM | $java_version |
| sidecar (and relay) JVM flags | \`$SIDECAR_JAVA_OPTS\` |
$([[ -n $BASELINE_SIDECAR_JAR ]] && echo "| baseline sidecar JVM flags | \`$BASELINE_SIDECAR_JAVA_OPTS\` |")
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
        write_per_request
        write_profile
    fi
    write_targets
}

write_dataplane() {
    cat <<EOF2
## 1. Data plane: sum \`Add\` direct, through weft, through HAProxy, through the featureless relays

What is measured: the same \`Add(1, 2)\` call as unary gRPC (h2c, \`POST /weft.demo.sum.v1.SumService/Add\`) and as
JSON (\`POST /v1/sum\`), along these paths (this run: ${PATHS[*]}):

- **direct**: h2load -> the app (sum's \`SumServiceImpl\` with gRPC reflection and Armeria's own JSON transcoding;
  \`java -jar bench/target/bench.jar app\`; sum.jar itself speaks gRPC only, so the JSON baseline needs this).
- **weft**: h2load -> outbound sidecar of service \`bench\` (127.0.0.1:<out>, \`:authority: sum\`) -> mTLS
  (certificates from the control plane) -> inbound sidecar of \`sum\` -> app. For JSON the sum sidecar
  transcodes to gRPC from reflected descriptors; the app receives gRPC.
- **HAProxy**: h2load -> HAProxy "outbound" (h2c) -> mTLS, HTTP/2 (EC P-256 certs from \`certs\` CLI, peer
  name checked) -> HAProxy "inbound" -> app over h2c. JSON passes through untouched and the app transcodes it.
- **armeria** and **netty**, the floors: the same two hops and chain as HAProxy's (h2c -> hop "out" -> mTLS
  HTTP/2, BoringSSL, peer verified against the CA and its name checked -> hop "in" -> app over h2c), each hop a
  JVM with the sidecars' flags and one event-loop thread, nothing per request but the relay
  (\`bench.jar relay armeria|netty\`). **armeria**: an Armeria \`Server\` whose one service is an undecorated
  \`WebClient\` (\`client.execute(req)\`). **netty**: Netty's HTTP/2 codec (\`Http2FrameCodec\` +
  \`Http2MultiplexHandler\`), each inbound stream paired with a stream on one connection to the next hop,
  frames and buffers passed on, one flush per connection per event-loop iteration. Calls through the
  relays: ${RELAY_CALLS}.

Max throughput: closed loop, concurrency $((CLIENTS * STREAMS)) (\`-c $CLIENTS -m $STREAMS\`), ${DURATION} s per point (relays ${RELAY_DURATION:-$DURATION} s).
Latency: fixed rate $RATE req/s (\`-c $RATE_CLIENTS -m 4 --rps $((RATE / RATE_CLIENTS))\`), the same seconds per point, percentiles
from h2load's per-request log (time from request start to end of response). Each path got a warm-up first
(${WARMUP} s; sidecars ${WEFT_WARMUP} s, relays ${RELAY_WARMUP} s; JSON half); the repeats interleave the paths (r1: all
paths in order, r2: in reverse order, r3: in order, ...). Every path is checked to answer \`sum = 3\` before
it is measured (h2load alone would count a gRPC error as HTTP 200).

Commands (ports vary per run):
\`\`\`
h2load -t 1 -c $CLIENTS -m $STREAMS -D $DURATION --log-file F -d add.grpc -H 'content-type: application/grpc' -H 'te: trailers' [-H ':authority: sum'] http://127.0.0.1:PORT/weft.demo.sum.v1.SumService/Add
h2load -t 1 -c $CLIENTS -m $STREAMS -D $DURATION --log-file F -d add.json -H 'content-type: application/json' [-H ':authority: sum'] http://127.0.0.1:PORT/v1/sum
h2load -t 1 -c $RATE_CLIENTS -m 4 --rps $((RATE / RATE_CLIENTS)) -D $DURATION --log-file F ... (same request shapes)
java -jar sidecar.jar --service sum --instance-id sum-1 --app-port APP --app-protocol grpc --upstreams sum --consul-register true ...
java -jar sidecar.jar --service bench --instance-id bench-1 --app-port APP --app-protocol http --upstreams sum,prop0,...,prop3 --consul-register false ...
haproxy -db -f out.cfg ; haproxy -db -f in.cfg      (configs: see bench/run, start_haproxy)
java SIDECAR_FLAGS -jar bench.jar relay armeria|netty --listen 127.0.0.1:IN --to 127.0.0.1:APP --listen-tls --cert relay-in.chain --key relay-in.key --ca root.pem
java SIDECAR_FLAGS -jar bench.jar relay armeria|netty --listen 127.0.0.1:OUT --to 127.0.0.1:IN --to-tls --to-name relay-in --cert relay-out.chain --key relay-out.key --ca root.pem
\`\`\`

| path | call | max req/s (concurrency $((CLIENTS * STREAMS))) | p50 ms @ $RATE/s | p90 ms | p99 ms | failed requests (all points) |
| --- | --- | ---: | ---: | ---: | ---: | ---: |
EOF2
    local path proto key
    for proto in grpc json; do
        for path in "${PATHS[@]}"; do
            key="$path/$proto"
            [[ -n ${MAXRPS[$key]:-} ]] || continue
            echo "| $path | $proto | $(cell ${MAXRPS[$key]:-}) | $(cell $(ms_list "${P50[$key]:-}")) | $(cell $(ms_list "${P90[$key]:-}")) | $(cell $(ms_list "${P99[$key]:-}")) | $(awk -v l="${ERRS[$key]:-}" 'BEGIN { n = split(l, x, " "); s = 0; for (i = 1; i <= n; i++) s += x[i]; print s }') |"
        done
    done
    cat <<EOF2

Ratios and added latency (per repeat, then median and spread over the repeats):

| call | weft / direct throughput | weft / HAProxy throughput | HAProxy / direct throughput | weft adds p50 ms | p90 ms | p99 ms | HAProxy adds p50 ms | p90 ms | p99 ms |
| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
EOF2
    for proto in grpc json; do
        local w=weft/$proto d=direct/$proto h=haproxy/$proto
        echo "| $proto | $(cell $(pairwise "${MAXRPS[$w]:-}" "${MAXRPS[$d]:-}" /)) | $(cell $(pairwise "${MAXRPS[$w]:-}" "${MAXRPS[$h]:-}" /)) | $(cell $(pairwise "${MAXRPS[$h]:-}" "${MAXRPS[$d]:-}" /)) | $(cell $(pairwise "${P50[$w]:-}" "${P50[$d]:-}" -)) | $(cell $(pairwise "${P90[$w]:-}" "${P90[$d]:-}" -)) | $(cell $(pairwise "${P99[$w]:-}" "${P99[$d]:-}" -)) | $(cell $(pairwise "${P50[$h]:-}" "${P50[$d]:-}" -)) | $(cell $(pairwise "${P90[$h]:-}" "${P90[$d]:-}" -)) | $(cell $(pairwise "${P99[$h]:-}" "${P99[$d]:-}" -)) |"
    done
    write_floors
    echo
    echo "Warm-up (JIT): max req/s of each 5 s warm-up chunk, in order, before the first measured point:"
    echo
    for path in "${PATHS[@]}"; do
        for proto in grpc json; do
            [[ -n ${WARM_CURVE[$path/$proto]:-} ]] && is_jvm_path "$path" && echo "- $path $proto: ${WARM_CURVE[$path/$proto]# }"
        done
    done
    if [[ -n $BASELINE_SIDECAR_JAR ]]; then
        echo
        echo "### Before / after (same run): \`weft\` = sidecars from \`$SIDECAR_JAR\`, \`weftbase\` = both sidecars from \`$BASELINE_SIDECAR_JAR\`"
        echo
        echo "weftbase is the same chain (service \`benchbase\` -> mTLS -> service \`sumbase\` -> the same app), measured in the"
        echo "same interleaved repeats, with JVM flags \`$BASELINE_SIDECAR_JAVA_OPTS\`. Ratios per repeat, then median (min–max)."
        echo
        echo "| call | max req/s before | after | after / before | p50 ms before | after | p90 ms before | after | p99 ms before | after | CPU per 1,000 req/s before (in/out, cores) | after |"
        echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
        for proto in grpc json; do
            local w=weft/$proto b=weftbase/$proto
            echo "| $proto | $(cell ${MAXRPS[$b]:-}) | $(cell ${MAXRPS[$w]:-}) | $(cell $(pairwise "${MAXRPS[$w]:-}" "${MAXRPS[$b]:-}" /)) | $(cell $(ms_list "${P50[$b]:-}")) | $(cell $(ms_list "${P50[$w]:-}")) | $(cell $(ms_list "${P90[$b]:-}")) | $(cell $(ms_list "${P90[$w]:-}")) | $(cell $(ms_list "${P99[$b]:-}")) | $(cell $(ms_list "${P99[$w]:-}")) | $(cell $(slash_part "${CPU_RATE[$b]:-}" 1)) / $(cell $(slash_part "${CPU_RATE[$b]:-}" 2)) | $(cell $(slash_part "${CPU_RATE[$w]:-}" 1)) / $(cell $(slash_part "${CPU_RATE[$w]:-}" 2)) |"
        done
    fi
    local obs=() path
    for path in wefttrace1 wefttrace100 weftalog; do [[ " ${PATHS[*]} " == *" $path "* ]] && obs+=("$path"); done
    if ((${#obs[@]})); then
        echo
        echo "### What tracing and access logs cost (same run): each path is the weft chain with flags on both sidecars"
        echo
        echo "wefttrace1 / wefttrace100: \`--zipkin\` (a 404 sink: the sidecar's whole export, no Zipkin on the CPU) and"
        echo "\`--trace-sampling 0.01\` / \`1\`; weftalog: \`--access-log <file>\`. Ratios per repeat against weft, then median (min–max)."
        echo
        echo "| call | path | max req/s | / weft | p50 ms | p99 ms | CPU per 1,000 req/s (in/out, cores) |"
        echo "| --- | --- | ---: | ---: | ---: | ---: | ---: |"
        for proto in grpc json; do
            for path in "${obs[@]}"; do
                local o=$path/$proto w=weft/$proto
                echo "| $proto | $(title_of "$path") | $(cell ${MAXRPS[$o]:-}) | $(cell $(pairwise "${MAXRPS[$o]:-}" "${MAXRPS[$w]:-}" /)) | $(cell $(ms_list "${P50[$o]:-}")) | $(cell $(ms_list "${P99[$o]:-}")) | $(cell $(slash_part "${CPU_RATE[$o]:-}" 1)) / $(cell $(slash_part "${CPU_RATE[$o]:-}" 2)) |"
            done
        done
    fi
    cat <<EOF2

Latency distributions at $RATE req/s (all repeats merged; x: percentile, log scale of 1/(1-p)):

![gRPC latency by percentile]($(basename "${OUT%.md}")-latency-grpc.png)
![JSON latency by percentile]($(basename "${OUT%.md}")-latency-json.png)

EOF2
}

# The floors: each relay against HAProxy and each other, weft against each; then every proxy's cost per hop.
write_floors() {
    local proto path key
    cat <<EOF2

Floors (per repeat, then median and spread): the decision threshold of issue 11 is netty / armeria >= 1.5.

| call | armeria / HAProxy | netty / HAProxy | netty / armeria | weft / armeria | weft / netty | armeria adds p90 ms | netty adds p90 ms |
| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
EOF2
    for proto in grpc json; do
        local a=armeria/$proto n=netty/$proto w=weft/$proto h=haproxy/$proto d=direct/$proto
        [[ -n ${MAXRPS[$a]:-}${MAXRPS[$n]:-} ]] || continue
        echo "| $proto | $(cell $(pairwise "${MAXRPS[$a]:-}" "${MAXRPS[$h]:-}" /)) | $(cell $(pairwise "${MAXRPS[$n]:-}" "${MAXRPS[$h]:-}" /)) | $(cell $(pairwise "${MAXRPS[$n]:-}" "${MAXRPS[$a]:-}" /)) | $(cell $(pairwise "${MAXRPS[$w]:-}" "${MAXRPS[$a]:-}" /)) | $(cell $(pairwise "${MAXRPS[$w]:-}" "${MAXRPS[$n]:-}" /)) | $(cell $(pairwise "${P90[$a]:-}" "${P90[$d]:-}" -)) | $(cell $(pairwise "${P90[$n]:-}" "${P90[$d]:-}" -)) |"
    done
    cat <<EOF2

Per hop, over the measured points: CPU per 1,000 req/s (cores; /proc/PID/stat over each fixed-rate point; HAProxy's
processes run one thread per core), RSS, young GCs and the longest GC pause during all measured points
(\`jcmd PID VM.log what=gc\` from the first measured point on), classes loaded at the end (\`jstat -class\`).

| path | call | CPU per 1,000 req/s in / out / both (cores) | RSS idle in / out (MiB) | RSS at $RATE/s in / out | young GCs in / out | longest pause ms in / out | classes loaded in / out |
| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |
EOF2
    for path in "${PATHS[@]}"; do
        [[ $path == direct ]] && continue
        for proto in grpc json; do
            key=$path/$proto
            [[ -n ${CPU_RATE[$key]:-} ]] || continue
            local gc="-" pause="-" classes="-"
            if is_jvm_path "$path"; then
                gc="${GC_YOUNG[$path/in]:--} / ${GC_YOUNG[$path/out]:--}"
                pause="${GC_MAXMS[$path/in]:--} / ${GC_MAXMS[$path/out]:--}"
                classes="${CLASSES[$path/in]:--} / ${CLASSES[$path/out]:--}"
            fi
            echo "| $path | $proto | $(cell $(slash_part "${CPU_RATE[$key]:-}" 1)) / $(cell $(slash_part "${CPU_RATE[$key]:-}" 2)) / $(cell $(slash_sum "${CPU_RATE[$key]:-}")) | ${RSS_IDLE[$path]:--} | $(cell $(slash_part "${RSS_RATE[$key]:-}" 1)) / $(cell $(slash_part "${RSS_RATE[$key]:-}" 2)) | $gc | $pause | $classes |"
        done
    done
}

write_footprint() {
    cat <<EOF
## 4. Footprint (sidecars)

| | sum sidecar (inbound) | bench sidecar (outbound) |
| --- | ---: | ---: |
| RSS idle, after start, before any traffic (MiB) | $IDLE_RSS_SUM | $IDLE_RSS_BEN |
| RSS after each $RATE req/s gRPC point (MiB) | $(cell $(slash_part "${RSS_RATE[weft/grpc]:-}" 1)) | $(cell $(slash_part "${RSS_RATE[weft/grpc]:-}" 2)) |
| RSS after each $RATE req/s JSON point (MiB) | $(cell $(slash_part "${RSS_RATE[weft/json]:-}" 1)) | $(cell $(slash_part "${RSS_RATE[weft/json]:-}" 2)) |
| RSS after each max-throughput gRPC point (MiB) | $(cell $(slash_part "${RSS_MAX[weft/grpc]:-}" 1)) | $(cell $(slash_part "${RSS_MAX[weft/grpc]:-}" 2)) |
| RSS after each max-throughput JSON point (MiB) | $(cell $(slash_part "${RSS_MAX[weft/json]:-}" 1)) | $(cell $(slash_part "${RSS_MAX[weft/json]:-}" 2)) |
| CPU per 1,000 req/s, gRPC (cores, /proc/PID/stat over the fixed-rate point) | $(cell $(slash_part "${CPU_RATE[weft/grpc]:-}" 1)) | $(cell $(slash_part "${CPU_RATE[weft/grpc]:-}" 2)) |
| CPU per 1,000 req/s, JSON (cores) | $(cell $(slash_part "${CPU_RATE[weft/json]:-}" 1)) | $(cell $(slash_part "${CPU_RATE[weft/json]:-}" 2)) |
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

write_per_request() {
    # an empty associative array is "unbound" under set -u: count it where that does not apply
    [[ $(set +u; echo "${#PER_REQ[@]}") -gt 0 ]] || return 0
    cat <<EOF2
## 5. Per request, per hop: syscalls, writes, CPU

One extra ${COUNT_DURATION} s gRPC max-throughput point per path, with \`perf stat -e raw_syscalls:sys_enter -e
syscalls:sys_enter_<name> ... -p PID\` attached to each hop (tracepoint counts, all threads of the process), divided
by the requests h2load completed in the point. writes = write + writev + sendto + sendmsg + sendmmsg (each is a
flush that reached the socket), reads = read + readv + recvfrom + recvmsg + recvmmsg, waits = epoll_wait /
epoll_pwait(2), futex = thread hand-offs and parking. CPU µs = utime + stime of the process over the point /
requests (10 ms tick resolution). The relays also count, at the socket end of each connection's pipeline,
flushes and TLS records (read off the record headers); a sidecar cannot be counted that way, its writes are
the proxy for its flushes. The "out" hop's TLS records out are the requests' records on the mTLS link, the "in"
hop's are the responses'.

| path | hop | req/s in this point | syscalls | writes | reads | waits | futex | CPU µs | flushes (relays) | TLS records out | TLS records in |
| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
EOF2
    local path hop l
    for path in weft weftbase haproxy armeria netty; do
        for hop in out in; do
            l=${PER_REQ[$path/$hop]:-}
            [[ -n $l ]] || continue
            l=" $l"
            echo "| $path | $hop | $(kv rps "$l") | $(kv syscalls "$l") | $(kv writes "$l") | $(kv reads "$l") | $(kv waits "$l") | $(kv futex "$l") | $(kv cpu_us "$l") | $(kv wire_flushes "$l") | $(kv wire_tlsRecordsOut "$l") | $(kv wire_tlsRecordsIn "$l") |" | sed 's/|  |/| - |/g; s/|  |/| - |/g'
        done
    done
    echo
    echo "Raw: \`$WORK/perf-*.csv\`, \`$WORK/wire-*.txt\`."
    echo
}

write_profile() {
    local proto path hop
    [[ -d $WORK/profile ]] || return 0
    cat <<EOF2
## 6. CPU profile (async-profiler, under max-throughput load)

async-profiler $(sed -n 's:.*<async-profiler.version>\(.*\)</async-profiler.version>.*:\1:p' "$ROOT/bench/pom.xml") (the native library from its Maven Central jar,
carried in bench.jar), attached to both hops of each path with \`jcmd PID JVMTI.agent_load libasyncProfiler.so
start,event=cpu,interval=1ms,threads\` during one extra ${PROFILE_DURATION} s max-throughput point (req/s while profiling below),
then \`stop,file=F,collapsed,dot,ann,lib\`, summarised by \`bench.jar profile-top\`: samples by thread, by the
layer a sample spent its time in (the innermost frame of a known layer: a syscall, TLS, HTTP/2, Armeria,
Netty, the JVM; buffers and JDK code count for whoever called them), by leaf frame (self) and by frame anywhere
on the stack (total; thread entries and the pipeline, frame-reader and TLS-unwrap frames everything runs inside
of left out). Kernel frames are marked; native frames carry their library. Flame graphs (not committed):
\`$WORK/profile/*.html\`.

EOF2
    for path in weft armeria netty; do
        for proto in $PROFILE_CALLS; do
            for hop in out in; do
                local f=$WORK/profile/$path-$proto-$hop.md
                [[ -f $f ]] || continue
                local what=$path
                [[ $path == weft ]] && { what="weft, bench sidecar"; [[ $hop == in ]] && what="weft, sum sidecar"; }
                echo "### $what ($hop hop), $proto: ${PROFILE_RPS[$path/$proto]:-?} req/s while profiling"
                echo
                cat "$f"
            done
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
| config entries (${PROP_CE_CHANGES:-0} per repeat) | $(cell $(ms_list "${PROP_CE_P50:-}")) | $(cell $(ms_list "${PROP_CE_P99:-}")) |

Changes not seen within 10 s: $(awk -v l="$PROP_TIMEOUTS ${PROP_CE_TIMEOUTS:-}" 'BEGIN { n = split(l, x, " "); s = 0; for (i = 1; i <= n; i++) s += x[i]; print s }').

Config entries: \`prop0\` gets \`Protocol: http\` and a resolver with one subset per change; each change writes a
service-router (\`PUT /v1/config\`) sending \`x-canary: 1\` to the next subset, and a sample ends at the first
\`/config\` poll that lists that subset's target cluster, which the sidecar makes in the same step that swaps
the new routes in (\`bench.jar propagation --kind config-entries --changes $PROP_CE_CHANGES\`).

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
    echo "## Targets (issues 7 and 11) against this run"
    echo
    echo "| target | measured (median) | verdict |"
    echo "| --- | --- | --- |"
    if [[ " $SECTIONS " == *" dataplane "* ]]; then
        local proto r
        for proto in grpc json; do
            r=$(med $(pairwise "${MAXRPS[weft/$proto]:-}" "${MAXRPS[haproxy/$proto]:-}" /))
            echo "| weft throughput >= HAProxy's ($proto) | weft/HAProxy = $r | $(verdict "$r" '>=' 1) |"
        done
        for proto in grpc json; do
            r=$(med $(pairwise "${P90[weft/$proto]:-}" "${P90[direct/$proto]:-}" -))
            echo "| added latency p90 <= 1 ms ($proto, $RATE req/s) | $r ms | $(verdict "$r" '<=' 1) |"
            r=$(med $(pairwise "${P99[weft/$proto]:-}" "${P99[direct/$proto]:-}" -))
            echo "| added latency p99 <= 2 ms ($proto) | $r ms | $(verdict "$r" '<=' 2) |"
        done
        local rss
        rss=$(med $(slash_part "${RSS_RATE[weft/grpc]:-} ${RSS_RATE[weft/json]:-}" 1) $(slash_part "${RSS_RATE[weft/grpc]:-} ${RSS_RATE[weft/json]:-}" 2))
        echo "| sidecar RSS <= 96 MiB at $RATE req/s | $rss MiB (median over both sidecars, both calls) | $(verdict "$rss" '<=' 96) |"
        r=$(med $STARTUP_MS)
        echo "| start-to-ready <= 1.5 s | $r ms | $(verdict "$r" '<=' 1500) |"
        r=$(med $STARTUP_CDS_MS)
        echo "| start-to-ready <= 1.5 s, with an AppCDS archive | $r ms | $(verdict "$r" '<=' 1500) |"
        if [[ -n ${MAXRPS[armeria/grpc]:-} && -n ${MAXRPS[netty/grpc]:-} ]]; then
            r=$(med $(pairwise "${MAXRPS[netty/grpc]:-}" "${MAXRPS[armeria/grpc]:-}" /))
            echo "| issue 11 decision: Netty floor / Armeria floor >= 1.5 (gRPC) | $r | $(verdict "$r" '>=' 1.5) |"
            local best
            best=$(awk -v a="${MAXRPS[armeria/grpc]:-}" -v n="${MAXRPS[netty/grpc]:-}" 'BEGIN { k = split(a, x, " "); split(n, y, " ")
                for (i = 1; i <= k; i++) printf "%s ", (x[i] > y[i] ? x[i] : y[i]) }')
            r=$(med $(pairwise "${MAXRPS[weft/grpc]:-}" "$best" /))
            echo "| issue 11: weft / best featureless floor >= 0.9 (gRPC) | $r | $(verdict "$r" '>=' 0.9) |"
        fi
        for proto in grpc json; do
            local want=0.6; [[ $proto == json ]] && want=0.45
            r=$(med $(pairwise "${MAXRPS[weft/$proto]:-}" "${MAXRPS[haproxy/$proto]:-}" /))
            echo "| issue 11: weft / HAProxy >= $want ($proto) | $r | $(verdict "$r" '>=' $want) |"
        done
        r=$(med $(slash_sum "${CPU_RATE[weft/grpc]:-}"))
        echo "| issue 11: CPU per 1,000 req/s, both sidecars <= 0.12 cores (gRPC) | $r | $(verdict "$r" '<=' 0.12) |"
    fi
    if [[ " $SECTIONS " == *" propagation "* ]]; then
        local p t; p=$(med $(ms_list "$PROP_ALL_P99"))
        t=$(awk -v l="$PROP_TIMEOUTS" 'BEGIN { n = split(l, x, " "); s = 0; for (i = 1; i <= n; i++) s += x[i]; print s }')
        if [[ $t == 0 ]]; then
            echo "| propagation p99 <= 250 ms | $p ms | $(verdict "$p" '<=' 250) |"
        else
            echo "| propagation p99 <= 250 ms | $p ms, but $t changes never showed within 10 s | **missed** |"
        fi
        if [[ -n ${PROP_CE_P99:-} ]]; then
            local c; c=$(med $(ms_list "$PROP_CE_P99"))
            echo "| issue 12: config entry propagation p99 <= 250 ms | $c ms | $(verdict "$c" '<=' 250) |"
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
