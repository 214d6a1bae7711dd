# The chaos soak's report (sourced by bench/soak): reads $WORK (state.sh, chaos.tsv, samples.txt, gc/,
# load/*.tsv) and prints the Markdown; the chart goes next to $OUT as <name>.png.
# `SOAK_REPORT_FROM=<work dir> bench/soak` rewrites a report from a finished run without running again.
#
# Time: T0 is when traffic started; the first WARMUP seconds are the warm-up (rates ramped up, no chaos), whose
# failures are listed apart; TV = T0 + WARMUP starts the verdict's window: its failures, stream breaks, and
# the per-minute series (m0 = the first minute after the warm-up) that the flatness verdict reads.
WARMUP=${WARMUP:-0}                    # runs from before the warm-up existed
STREAM_TIMEOUT=${STREAM_TIMEOUT:-15s}
TV=$(( T0 + WARMUP ))

# minute of an epoch-ms / epoch-s value since T0
soak_rel() { awk -v t0="$T0" -v ms="$1" 'BEGIN { printf "%d", (ms > 1e11 ? ms / 1000 : ms) - t0 }'; }

# Names of the processes never restarted during the run (their series must stay flat).
soak_steady() {
    local name
    for name in $(awk '{ print $2 }' "$WORK/samples.txt" | sort -u); do
        [[ $name == load ]] && continue
        local pids
        pids=$(awk -v n="$name" '$2 == n { print $3 }' "$WORK/samples.txt" | sort -u | wc -l)
        (( pids == 1 )) && echo "$name"
    done
    return 0
}

# soak_per_minute FIELD: "name m0 m1 ..." lines, the last sample of each minute (field 4 RSS KiB -> MiB,
# 5 threads, 6 fds), "-" where the process had no sample (down)
soak_per_minute() {
    awk -v t0="$TV" -v f="$1" -v mins="$(( (DURATION + 59) / 60 ))" '
        { m = int(($1 - t0) / 60); if (m < 0 || m >= mins) next
          v[$2 "," m] = (f == 4 ? sprintf("%.1f", $4 / 1024) : $f); names[$2] = 1 }
        END { for (n in names) { line = n; for (m = 0; m < mins; m++) line = line " " ((n "," m) in v ? v[n "," m] : "-"); print line } }' \
        "$WORK/samples.txt" | sort
}

# soak_flat NAME FIELD: the largest deviation from the median, in %, of the per-minute values after the warm-up
soak_flat() {
    soak_per_minute "$2" | awk -v n="$1" '$1 == n { for (i = 2; i <= NF; i++) if ($i != "-") print $i }' |
        sort -g | awk '{ x[NR] = $1 }
            END { if (NR == 0) { print "-"; exit }
                  med = (NR % 2) ? x[(NR + 1) / 2] : (x[NR / 2] + x[NR / 2 + 1]) / 2
                  d = 0; for (i = 1; i <= NR; i++) { e = (x[i] - med) / med * 100; if (e < 0) e = -e; if (e > d) d = e }
                  printf "%.1f", d }'
}

# heap after GC per minute of a process: the last "A->B(C)" of each minute, B in MiB, over all its GC logs
soak_heap() {
    cat "$WORK"/gc/"$1"-*.log 2>/dev/null | awk -v t0="$TV" -v mins="$(( (DURATION + 59) / 60 ))" '
        /->/ { t = substr($1, 2); sub(/ms\].*/, "", t)
               for (i = 1; i <= NF; i++) if ($i ~ /->/) { x = $i; sub(/^.*->/, "", x); sub(/\(.*/, "", x) }
               u = substr(x, length(x)); h = substr(x, 1, length(x) - 1)
               m = int((t / 1000 - t0) / 60); if (m < 0 || m >= mins) next
               v[m] = h / (u == "K" ? 1024 : (u == "G" ? 1 / 1024 : 1)) }
        END { line = ""; for (m = 0; m < mins; m++) line = line " " (m in v ? sprintf("%.1f", v[m]) : "-"); print line }'
}

write_soak_report() {
    local chart=${OUT%.md}.png mins=$(( (DURATION + 59) / 60 )) m
    local header="| process |" rule="| --- |"
    for ((m = 0; m < mins; m++)); do header+=" m$m |"; rule+=" ---: |"; done
    local steady
    steady=$(soak_steady | tr '\n' ' ')

    echo "# weft chaos soak — $DATE"
    echo
    echo "\`bench/soak\` (bench/README.md, \"The chaos soak\"): a ${WARMUP} s warm-up (every rate ramped from 10 % to 100 %, no chaos;"
    echo "its failures are listed apart and count in no verdict), then ${DURATION} s of steady traffic — unary gRPC \`Add\`"
    echo "${UNARY_RATE}/s through a load sidecar, JSON \`POST /sum/v1/sum\` ${JSON_RATE}/s through the gateway, \`Range\`"
    echo "server streams (200 values) ${RANGE_RATE}/s, ${BIDI_STREAMS} long-lived \`RunningSum\` streams — to three \`sum\` instances,"
    echo "while the chaos below ran on seed ${SEED}. Two control-plane replicas share the CA; leaf certificates live ${CERT_TTL}."
    echo "Machine: $(nproc) cores, shared with other builds: load average $LOAD_AVG_START at the start, $LOAD_AVG_END at"
    echo "the end, during the run $(printf '%s\n' $LOADS | sort -g | awk '{ v[NR] = $1 } END { if (NR) printf "%s–%s (median %s)", v[1], v[NR], v[int((NR + 1) / 2)] }')."
    echo "Raw data: \`$WORK\`."
    echo
    echo "## Verdict"
    echo
    local unary_failed json_failed range_failed bidi_failed
    read -r unary_failed json_failed range_failed bidi_failed < <(awk -F'\t' -v tv="$TV" '
        $0 !~ /^#/ && $3 != "denied" && $1 >= tv * 1000 { f[$2]++ }
        END { printf "%d %d %d %d\n", f["unary"], f["json"], f["range"], f["bidi"] }' "$WORK/load/failures.tsv")
    local unexpected_denied unexpected_breaks
    unexpected_denied=$(soak_denied_outside | wc -l)
    unexpected_breaks=$(soak_breaks | awk -F'|' '$8 ~ /no/' | wc -l)
    echo "| target | result |"
    echo "| --- | --- |"
    echo "| zero failed unary requests (gRPC and JSON) not denied on purpose | gRPC $unary_failed, JSON $json_failed failed; $unexpected_denied denied outside a deny window $( (( unary_failed + json_failed + unexpected_denied == 0 )) && echo '**met**' || echo '**not met**') |"
    echo "| streams broken only where their instance died, and re-established | $unexpected_breaks bidirectional breaks without a kill of their instance; Range streams failed: $range_failed $( (( unexpected_breaks == 0 )) && echo '**met**' || echo '**not met**') |"
    local flat_rss="" flat_fds="" name worst_rss=0 worst_fds=0 d
    for name in $steady; do
        d=$(soak_flat "$name" 4); flat_rss+=" $name ${d}%;"
        awk -v d="$d" 'BEGIN { exit !(d != "-" && d > 5) }' && worst_rss=1
        d=$(soak_flat "$name" 6); flat_fds+=" $name ${d}%;"
        awk -v d="$d" 'BEGIN { exit !(d != "-" && d > 5) }' && worst_fds=1
    done
    echo "| RSS flat (±5 %) after the ${WARMUP} s warm-up, processes never restarted | largest deviation from the median:$flat_rss $( (( worst_rss == 0 )) && echo '**met**' || echo '**not met**') |"
    echo "| open fds flat (±5 %) after the warm-up | $flat_fds $( (( worst_fds == 0 )) && echo '**met**' || echo '**not met**') |"
    echo
    echo "## Chaos timeline"
    echo
    echo "| s | event | target | |"
    echo "| ---: | --- | --- | --- |"
    awk -F'\t' -v t0="$T0" '{ printf "| %.1f | %s | %s | %s |\n", $1 / 1000 - t0, $2, $3, $4 }' "$WORK/chaos.tsv"
    echo
    echo "## Requests by kind and cause"
    echo
    echo "Every request and stream is checked (the sum, each value of a Range, each running total). \`denied\` is an"
    echo "answer with \`x-weft-failure: denied\` (counted apart: the soak denies gateway → sum on purpose); \`weft:X\` another"
    echo "answer a sidecar made (\`x-weft-failure: X\`); \`status:\` a status without that header; \`connection:\`/\`timeout:\` no answer."
    echo "The event is the last chaos event before the first failure of that row. Seconds count from the start of"
    echo "traffic; \`warm-up\` rows (the first ${WARMUP} s) count in no verdict."
    echo
    echo "| window | kind | cause | count | first s | last s | after | the first one said |"
    echo "| --- | --- | --- | ---: | ---: | ---: | --- | --- |"
    awk -F'\t' '$0 !~ /^#/ && $2 == "ok" { printf "| all | %s | ok | %d | | | | |\n", $1, $3 }' "$WORK/load/causes.tsv"
    awk -F'\t' -v t0="$T0" -v tv="$TV" 'FNR == 1 { file++ } file == 1 { ct[++n] = $1; ce[n] = $2 " " $3 " " $4; next }
        $0 ~ /^#/ { next }
        { cause = $3; if (cause ~ /^wrong:/) gsub(/[0-9]+/, "N", cause)   # "no answer for N ms" is one cause
          k = ($1 < tv * 1000 ? "warm-up" : "verdict") "|" $2 "|" cause; c[k]++; t = $1 / 1000 - t0; if (!(k in f)) { f[k] = t; ev = "start"
              for (i = 1; i <= n; i++) if (ct[i] <= $1) ev = ce[i] " (" sprintf("%.1f", ct[i] / 1000 - t0) " s)"
              after[k] = ev; said[k] = ($5 == "" ? "-" : $5); gsub(/\|/, "/", said[k]) }
          l[k] = t }
        END { for (k in c) { split(k, p, "|"); printf "| %s | %s | %s | %d | %.1f | %.1f | %s | %s |\n", p[1], p[2], p[3], c[k], f[k], l[k], after[k], said[k] } }' \
        "$WORK/chaos.tsv" "$WORK/load/failures.tsv" | sort
    echo
    echo "## Streams"
    echo
    local opened broken reconnects
    opened=$(awk -F'\t' '$3 == "established"' "$WORK/load/streams.tsv" | wc -l)
    broken=$(awk -F'\t' '$2 ~ /^bidi/ && $3 == "broken"' "$WORK/load/streams.tsv" | wc -l)
    reconnects=$(awk -F'\t' '$3 == "reconnect"' "$WORK/load/streams.tsv" | wc -l)
    echo "${BIDI_STREAMS} bidirectional streams: $broken breaks, $reconnects reconnects, $opened streams established in all"
    echo "(the first ${BIDI_STREAMS} included). A break is expected when the instance that served the stream was killed within"
    echo "the 20 s before it (the app alone or with its sidecar); a break during the warm-up counts in no verdict."
    echo
    echo "| s | stream | instance | cause | lived s | after | expected |"
    echo "| ---: | --- | --- | --- | ---: | --- | --- |"
    soak_breaks
    echo
    echo "## Latency p99 per minute (ms)"
    echo
    echo "Minutes since traffic started; \"(warm-up)\" marks those within the warm-up."
    echo
    echo "| minute | unary | json | range | bidi failed | bidi reconnects |"
    echo "| ---: | ---: | ---: | ---: | ---: | ---: |"
    awk -F'\t' -v w="$WARMUP" '$0 !~ /^#/ { p[$1 "," $2] = $8; f[$1 "," $2] = $4; r[$1 "," $2] = $6; if ($1 > n) n = $1 }
        END { for (m = 0; m <= n; m++) printf "| %d%s | %s | %s | %s | %d | %d |\n", m, (m * 60 < w ? " (warm-up)" : ""),
                                              p[m ",unary"], p[m ",json"], p[m ",range"], f[m ",bidi"], r[m ",bidi"] }' \
        "$WORK/load/minutes.tsv"
    echo
    local what field
    for what in "RSS (MiB):4" "open file descriptors:6" "threads:5"; do
        field=${what##*:}
        echo "## ${what%:*} per minute"
        echo
        echo "The last sample of each minute after the warm-up (every ${SAMPLE_S} s); \"-\" while the process was down."
        echo "Never restarted: $steady"
        echo
        echo "$header"
        echo "$rule"
        soak_per_minute "$field" | awk '{ line = "| " $1 " |"; for (i = 2; i <= NF; i++) line = line " " $i " |"; print line }'
        echo
    done
    [[ -s $WORK/fdsnap.txt ]] && soak_fd_kinds
    echo "## Heap after GC per minute (MiB, sidecars)"
    echo
    echo "The heap left by the last collection of each minute after the warm-up (the sidecars' own GC log, \`-Xlog:gc\`)."
    echo
    echo "$header"
    echo "$rule"
    for name in $(ls "$WORK/gc" | sed 's/-[0-9]*\.log$//' | sort -u); do
        echo "| $name |$(soak_heap "$name" | sed 's/ \([^ ]*\)/ \1 |/g')"
    done
    echo
    soak_chart "$chart"
    echo "![RSS, open file descriptors and p99 per minute]($(basename "$chart"))"
    echo
    echo "## Configuration"
    echo
    echo "\`SOAK_WARMUP=$WARMUP SOAK_DURATION=$DURATION SOAK_SEED=$SEED SOAK_RATE=$UNARY_RATE SOAK_JSON_RATE=$JSON_RATE SOAK_RANGE_RATE=$RANGE_RATE"
    echo "SOAK_BIDI_STREAMS=$BIDI_STREAMS SOAK_CERT_TTL=$CERT_TTL SOAK_CHAOS_GAP=$CHAOS_GAP SOAK_CHAOS_START=$CHAOS_START"
    echo "SOAK_STREAM_TIMEOUT=$STREAM_TIMEOUT\` (the load's and sum's sidecars' \`--request-timeout\`);"
    echo "sidecars \`$SIDECAR_JAVA_OPTS\`."
}

# Denied answers outside [deny, allow + 10 s] (the change takes a moment to reach the sidecars).
soak_denied_outside() {
    awk -F'\t' 'FNR == 1 { file++ } file == 1 { if ($2 == "deny" && $4 == "down") s[++n] = $1; if ($2 == "deny" && $4 == "up") e[n] = $1; next }
        $0 !~ /^#/ && $3 == "denied" { ok = 0; for (i = 1; i <= n; i++) if ($1 >= s[i] && $1 <= (i in e ? e[i] : 9e15) + 10000) ok = 1
                                       if (!ok) print }' "$WORK/chaos.tsv" "$WORK/load/failures.tsv"
}

# Table rows of the bidirectional streams' breaks, each set beside the last kill of its instance.
soak_breaks() {
    awk -F'\t' -v t0="$T0" -v tv="$TV" 'FNR == 1 { file++ }
        file == 1 { if (($2 == "kill-app" || $2 == "kill-instance") && $4 == "down") { kt[++n] = $1; ki[n] = $3; kk[n] = $2 } next }
        $0 ~ /^#/ || $3 != "broken" || $2 !~ /^bidi/ { next }
        { after = "-"; ok = "no"
          for (i = 1; i <= n; i++) if (kt[i] <= $1 && $1 - kt[i] <= 20000) { after = kk[i] " " ki[i] " (" sprintf("%.1f", kt[i] / 1000 - t0) " s)"; if (ki[i] == $4) ok = "yes" }
          if ($1 < tv * 1000) ok = "warm-up"
          printf "| %.1f | %s | %s | %s | %.1f | %s | %s |\n", $1 / 1000 - t0, $2, $4, $5, $6 / 1000, after, ok }' \
        "$WORK/chaos.tsv" "$WORK/load/streams.tsv"
}

soak_chart() {
    local png=$1 d=$WORK/chart
    mkdir -p "$d"
    soak_per_minute 4 | grep -E '^(sum-[0-9]-sidecar|load-sidecar|gateway|cp-[0-9]) ' >"$d/rss.txt" || true
    soak_per_minute 6 | grep -E '^(sum-[0-9]-sidecar|load-sidecar|gateway|cp-[0-9]) ' >"$d/fds.txt" || true
    local f
    for f in rss fds; do
        awk '{ for (i = 2; i <= NF; i++) print $1, i - 2, $i }' "$d/$f.txt" | sort -k1,1 -k2,2n |
            awk 'BEGIN { prev = "" } { if ($1 != prev && prev != "") print "\n"; if ($1 != prev) print "\"" $1 "\""; prev = $1; if ($3 != "-") print $2, $3 }' >"$d/$f.dat"
    done
    awk -F'\t' '$0 !~ /^#/ && $2 != "bidi" { print $2, $1, $8 }' "$WORK/load/minutes.tsv" | sort -k1,1 -k2,2n |
        awk 'BEGIN { prev = "" } { if ($1 != prev && prev != "") print "\n"; if ($1 != prev) print "\"" $1 "\""; prev = $1; print $2, $3 }' >"$d/p99.dat"
    gnuplot <<EOF 2>>"$WORK/gnuplot.log" || true
set terminal pngcairo size 1000,900 noenhanced font ",10"
set output "$png"
set multiplot layout 3,1 title "weft chaos soak $DATE (seed $SEED, ${DURATION} s)"
set key outside right
set grid
set xlabel "minute"
set ylabel "RSS MiB"
plot for [i=0:20] "$d/rss.dat" index i using 1:2 with linespoints title columnheader(1)
set ylabel "open fds"
plot for [i=0:20] "$d/fds.dat" index i using 1:2 with linespoints title columnheader(1)
set ylabel "p99 ms"
set logscale y
plot for [i=0:5] "$d/p99.dat" index i using 1:2 with linespoints title columnheader(1)
unset multiplot
EOF
}

# What the fds of never-restarted processes are: the first snapshot after the warm-up against the last one,
# by kind (TCP connections named by the listener at either end, with their state), only the kinds that changed.
soak_fd_kinds() {
    echo "## What the open file descriptors are"
    echo
    echo "A snapshot a minute of each process's fds (\`/proc/PID/fd\` and \`ss -tanp\`): TCP connections named by the listener"
    echo "at their other end (\`out:\`) or at this end (\`in:\`), with the socket state. Below: for the processes never"
    echo "restarted, the first snapshot after the warm-up against the last, the kinds whose count changed."
    echo
    echo "| process | kind | first | last |"
    echo "| --- | --- | ---: | ---: |"
    local name
    for name in $steady; do
        awk -v n="$name" -v tv="$TV" '$2 == n && $1 >= tv { if (!first) first = $1; last = $1; v[$1 "," $3] = $4; k[$3] = 1 }
            END { for (x in k) { a = v[first "," x] + 0; b = v[last "," x] + 0
                                 if (a != b) printf "| %s | %s | %d | %d |\n", n, x, a, b } }' "$WORK/fdsnap.txt" | sort
    done
    echo
}
