#!/usr/bin/env bash
# The one weft image runs any component, chosen by its first argument:
#   control-plane | sidecar | sum | hello | certs | consul (the Consul API stand-in) | probe URL | pause
# Everything after the component goes to it unchanged. JAVA_OPTS adds JVM options; a sidecar starts
# with its recommended ones (/opt/weft/sidecar.jvmopts) and its AppCDS archive first.
set -euo pipefail
component=${1:-help}
[ $# -gt 0 ] && shift

case "$component" in
  sidecar)
    archive=(); [ -f /opt/weft/sidecar.jsa ] && archive=(-XX:SharedArchiveFile=/opt/weft/sidecar.jsa)
    # shellcheck disable=SC2086
    exec java @/opt/weft/sidecar.jvmopts "${archive[@]}" ${JAVA_OPTS:-} -jar /opt/weft/sidecar.jar "$@" ;;
  control-plane|sum|hello|certs|devmesh)
    # shellcheck disable=SC2086
    exec java ${JAVA_OPTS:-} -jar "/opt/weft/$component.jar" "$@" ;;
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
