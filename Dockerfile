# One image for every weft component; the command picks which one runs:
#   docker run weft control-plane --help      docker run weft sidecar --help
#   docker run weft sum --port 50051           docker run weft hello --port 8080
# and a second target, the Consul API stand-in, which takes Consul's dev-agent command line:
#   docker build --target consul-standin -t weft-consul-standin .
# Base images are build arguments for users behind a registry mirror:
#   docker build --build-arg JDK_IMAGE=mirror/eclipse-temurin:21-jdk --build-arg JRE_IMAGE=... .
# The build stage downloads Maven and the dependencies from Maven Central (through the Maven
# wrapper); where the default bridge network has no route out, add `--network host` to docker build.
ARG JDK_IMAGE=eclipse-temurin:21-jdk
ARG JRE_IMAGE=eclipse-temurin:21-jre

FROM ${JDK_IMAGE} AS build
WORKDIR /src
# Sources only: .dockerignore keeps target/, .git and local state out of the context.
COPY . .
RUN ./mvnw -B -q -DskipTests -pl certs,services/sum,services/hello,devmesh,control-plane,sidecar -am package \
 && mkdir /out \
 && cp certs/target/certs.jar services/sum/target/sum.jar services/hello/target/hello.jar \
       devmesh/target/devmesh.jar control-plane/target/control-plane.jar sidecar/target/sidecar.jar \
       sidecar/target/sidecar.jvmopts /out/

FROM ${JRE_IMAGE} AS base
# A fixed non-root user; the CA volume is created owned by it.
RUN (getent passwd weft >/dev/null || useradd --system --uid 10001 --home-dir /var/lib/weft weft) \
 && mkdir -p /var/lib/weft/ca && chown -R 10001 /var/lib/weft
COPY --from=build /out/ /opt/weft/
COPY docker/entrypoint.sh /usr/local/bin/weft
# The sidecars' AppCDS archive, for this image's JVM: one training start of a sidecar (against a Consul
# stand-in and a control plane started for it on loopback, then stopped), as ./weft up does. Sidecars
# start with java @/opt/weft/sidecar.jvmopts -XX:SharedArchiveFile=/opt/weft/sidecar.jsa (entrypoint).
# The archive only speeds a sidecar's start: a builder too loaded to train one builds the image without it.
RUN java -jar /opt/weft/devmesh.jar sidecar-archive --home /opt/weft --out /opt/weft/sidecar.jsa \
 || { rm -f /opt/weft/sidecar.jsa; echo "no AppCDS archive written: sidecars start without one"; }
# For every component, after a sidecar's own options (sidecar.jvmopts, which sets its heap).
ENV JAVA_OPTS="-XX:+UseSerialGC -XX:MaxRAMPercentage=50"
# The demo apps' AppCDS archives (sum.jsa, hello.jsa): one start of each until it listens, then SIGTERM; the
# classes its start loaded are archived as it exits. A restarted app listens again sooner, and so serves again
# sooner (docker/README.md, "Killing containers"). Like the sidecar's, an archive that cannot be written is
# left out, and one a JVM cannot use is skipped without a word.
RUN /usr/local/bin/weft train-archives
USER 10001
WORKDIR /var/lib/weft
ENTRYPOINT ["weft"]

# The Consul HTTP API stand-in, a drop-in for hashicorp/consul in docker-compose.yml (CONSUL_IMAGE).
FROM base AS consul-standin
EXPOSE 8500
ENTRYPOINT ["weft", "consul"]
CMD ["agent", "-dev", "-client", "0.0.0.0"]

# The default target: every component.
FROM base AS weft
CMD ["help"]
