#!/usr/bin/env bash
# The one weft image runs any component, chosen by its first argument:
#   control-plane | sidecar | sum | hello | certs | consul (the Consul API stand-in) | probe URL | pause
# Everything after the component goes to it unchanged. JAVA_OPTS adds JVM options; a sidecar starts
# with its recommended ones (/opt/weft/sidecar.jvmopts) and its AppCDS archive first.
set -euo pipefail
component=${1:-help}
[ $# -gt 0 ] && shift

# archive_of NAME: sets `archive` to the options that map /opt/weft/NAME.jsa, the component's AppCDS archive,
# when the image has one; an archive this JVM cannot use is then skipped without a word.
archive_of() {
  archive=()
  if [ -f "/opt/weft/$1.jsa" ]; then
    archive=(-XX:SharedArchiveFile="/opt/weft/$1.jsa" -Xshare:auto -Xlog:cds=off,cds+dynamic=off)
  fi
}

case "$component" in
  sidecar)
    archive_of sidecar
    # shellcheck disable=SC2086
    exec java @/opt/weft/sidecar.jvmopts "${archive[@]}" ${JAVA_OPTS:-} -jar /opt/weft/sidecar.jar "$@" ;;
  sum|hello)
    archive_of "$component"
    # shellcheck disable=SC2086
    exec java "${archive[@]}" ${JAVA_OPTS:-} -jar "/opt/weft/$component.jar" "$@" ;;
  control-plane|certs|devmesh)
    # shellcheck disable=SC2086
    exec java ${JAVA_OPTS:-} -jar "/opt/weft/$component.jar" "$@" ;;
  train-archives)
    # At image build: each demo app started once on a loopback port, stopped with SIGTERM once it listens; the JVM
    # writes the classes it loaded to /opt/weft/<app>.jsa as it exits (a dynamic AppCDS archive, JDK 13+).
    port=18090
    for app in sum hello; do
      # shellcheck disable=SC2086
      java -XX:ArchiveClassesAtExit="/opt/weft/$app.jsa" -Xlog:cds=off,cds+dynamic=off ${JAVA_OPTS:-} \
          -jar "/opt/weft/$app.jar" --port "$port" >"/tmp/$app-training.log" 2>&1 &
      pid=$!
      for _ in $(seq 600); do "$0" probe "tcp://127.0.0.1:$port" 2>/dev/null && break; sleep 0.1; done
      kill -TERM "$pid" 2>/dev/null || true
      wait "$pid" || true
      if [ -s "/opt/weft/$app.jsa" ]; then
        echo "AppCDS archive for $app: $(du -h "/opt/weft/$app.jsa" | cut -f1)"
      else
        rm -f "/opt/weft/$app.jsa"; echo "no AppCDS archive for $app: it starts without one"; tail -5 "/tmp/$app-training.log"
      fi
      rm -f "/tmp/$app-training.log"
      port=$((port + 1))
    done ;;
  consul)
    # Accepts Consul's own dev-agent command line (agent -dev -client 0.0.0.0), so the compose
    # service `consul` runs this image or hashicorp/consul unchanged.
    # `consul agent -dev ...` -> devmesh.jar agent -dev ...; `consul --port 8500` -> devmesh.jar consul --port 8500
    [ "${1:-}" = agent ] || set -- consul "$@"
    # shellcheck disable=SC2086
    exec java ${JAVA_OPTS:-} -jar /opt/weft/devmesh.jar "$@" ;;
  probe)
    # Healthchecks: exit 0 when GET $1 answers 2xx, or, for tcp://host:port, when it accepts a connection.
    # curl when the base image has it, else bash's /dev/tcp.
    url=${1:?usage: probe http://host:port/path | tcp://host:port}
    if [ "${url#tcp://}" != "$url" ]; then
      hostport=${url#tcp://}
      exec 3<>"/dev/tcp/${hostport%%:*}/${hostport##*:}"
      exit 0
    fi
    if command -v curl >/dev/null 2>&1; then
      exec curl -fsS -o /dev/null --max-time 3 "$url"
    fi
    hostport=${url#http://}; path=/${hostport#*/}; hostport=${hostport%%/*}
    host=${hostport%%:*}; port=${hostport##*:}
    exec 3<>"/dev/tcp/$host/$port"
    printf 'GET %s HTTP/1.0\r\nHost: %s\r\n\r\n' "$path" "$hostport" >&3
    IFS=' ' read -r _ status _ <&3
    [ "${status:-0}" -ge 200 ] && [ "${status:-0}" -lt 300 ] ;;
  pause)
    # Holds an instance's network namespace, which its app and its sidecar join, so that either can restart
    # alone (a Kubernetes pod's infrastructure container). Does nothing until SIGTERM or SIGINT.
    trap 'exit 0' TERM INT
    while :; do sleep 86400 & wait $!; done ;;
  help|--help|-h)
    sed -n '2,4p' "$0" | sed 's/^# \{0,1\}//' ;;
  *)
    echo "unknown component: $component (expected: control-plane, sidecar, sum, hello, certs, consul, probe, pause)" >&2
    exit 2 ;;
esac
