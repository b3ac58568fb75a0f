# Hornbeam image.
#   Build:  docker build -t hornbeam .
#   Serve:  docker run --rm -p 8080:8080 -v hornbeam-data:/var/lib/hornbeam hornbeam
#           (HTTP service on 0.0.0.0:$MICRONAUT_SERVER_PORT inside the container; audits kept in the volume)
#   CLI:    docker run --rm -i hornbeam check public --type s3 - < policy.json
# Multi-stage: the JDK + Maven stage builds the shaded jar; the runtime stage holds only a JRE and it.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
# Dependency layer first: the poms alone, then every dependency and plugin the build needs, so a change
# to the sources reuses this layer. The reactor's own modules are not in any repository yet, hence
# excludeReactor; the package step below may still fetch what go-offline cannot foresee.
COPY pom.xml ./
COPY policy-model/pom.xml policy-model/
COPY smt-encoder/pom.xml smt-encoder/
COPY portfolio/pom.xml portfolio/
COPY api-service/pom.xml api-service/
COPY benchmarks/pom.xml benchmarks/
RUN mvn -B -q -pl api-service -am dependency:go-offline -DexcludeReactor=true -DexcludeGroupIds=dev.hornbeam
# Then the sources (.dockerignore keeps target/, node_modules/ and .git out of the context).
COPY . .
RUN mvn -B -q -DskipTests -pl api-service -am package
# The image runs on linux/amd64 only (cvc5's natives are linux-x86_64): drop Z3's macOS, Windows and
# linux/aarch64 libraries from the jar (about 115 MB uncompressed of its natives).
RUN apt-get update && apt-get install -y --no-install-recommends zip && rm -rf /var/lib/apt/lists/* \
 && zip -q -d api-service/target/hornbeam.jar 'com/microsoft/z3/osx/*' 'com/microsoft/z3/windows/*' 'com/microsoft/z3/linux/aarch64/*'

FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 --create-home --home-dir /var/lib/hornbeam hornbeam
COPY --from=build /src/api-service/target/hornbeam.jar /opt/hornbeam/hornbeam.jar
# A class-data archive of the classes a run loads, as bin/hornbeam makes one: trained here by an audit of one
# policy (the archive is tied to this JRE and to the jar's path and time, both fixed in this layer), and mapped by
# every start below, which cuts a CLI run's start-up (BENCHMARKS.md, "Start-up"). A training run that fails leaves
# no archive, and the JVM then starts without one (-Xlog:cds=off keeps that quiet).
RUN mkdir -p /tmp/train/policies/111122223333 \
 && printf '%s\n' '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::hornbeam-training/*"}]}' \
      > /tmp/train/policies/111122223333/hornbeam-training.json \
 && (java -Djava.io.tmpdir=/tmp/train -XX:ArchiveClassesAtExit=/opt/hornbeam/hornbeam.jsa -jar /opt/hornbeam/hornbeam.jar \
      audit /tmp/train/policies --out /tmp/train/out > /dev/null 2>&1 || true) \
 && rm -rf /tmp/train
USER hornbeam
WORKDIR /var/lib/hornbeam
# Where the service listens; the health check below reads the same variable.
ENV MICRONAUT_SERVER_HOST=0.0.0.0 \
    MICRONAUT_SERVER_PORT=8080 \
    HORNBEAM_AUDIT_DATA_DIR=/var/lib/hornbeam/audits \
    HORNBEAM_PORTFOLIO_FAILED_QUERIES=/var/lib/hornbeam/failed-queries
# Audit jobs (state, the Flink job's checkpoints and output and the MiniCluster's temporary files, reports) and the queries worth studying (witness failures, disagreements).
VOLUME ["/var/lib/hornbeam"]
EXPOSE 8080
# Ready when the service can answer now (GET /health/readiness is 200), on the port it serves. Plain bash: no curl needed.
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${MICRONAUT_SERVER_PORT} && printf 'GET /health/readiness HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]
ENTRYPOINT ["java", "-XX:SharedArchiveFile=/opt/hornbeam/hornbeam.jsa", "-Xlog:cds=off", "-Xlog:cds+dynamic=off", "-XX:+ExitOnOutOfMemoryError", "-jar", "/opt/hornbeam/hornbeam.jar"]
CMD ["serve"]
