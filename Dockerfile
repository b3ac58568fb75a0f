# Hornbeam image.
#   Build:  docker build -t hornbeam .
#   Serve:  docker run --rm -p 8080:8080 hornbeam            (HTTP service on 0.0.0.0:8080 inside the container)
#   CLI:    docker run --rm -i hornbeam check public --type s3 - < policy.json
# Multi-stage: the JDK + Maven stage builds the shaded jar; the runtime stage holds only a JRE and it.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
# .dockerignore keeps target/ and .git out of the context.
COPY . .
RUN mvn -B -q -DskipTests -pl api-service -am package

FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 --create-home --home-dir /var/lib/hornbeam hornbeam
COPY --from=build /src/api-service/target/hornbeam.jar /opt/hornbeam/hornbeam.jar
USER hornbeam
WORKDIR /var/lib/hornbeam
# Queries worth studying (witness failures, solver disagreements) are kept here.
ENV HORNBEAM_PORTFOLIO_FAILED_QUERIES=/var/lib/hornbeam/failed-queries
EXPOSE 8080
# Ready when every solver worker is up (GET /health is 200). Plain bash: the image needs no curl.
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET /health HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]
ENTRYPOINT ["java", "-XX:+ExitOnOutOfMemoryError", "-jar", "/opt/hornbeam/hornbeam.jar"]
CMD ["serve", "--bind", "0.0.0.0", "--port", "8080"]
