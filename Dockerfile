# Hornbeam image. Build: docker build -t hornbeam .   Run: docker run --rm -i hornbeam validate - < policy.json
# Multi-stage: the JDK + Maven stage builds the shaded jar; the runtime stage holds only a JRE and it.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
# .dockerignore keeps target/ and .git out of the context.
COPY . .
RUN mvn -B -q -DskipTests -pl api-service -am package

FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 hornbeam
COPY --from=build /src/api-service/target/hornbeam.jar /opt/hornbeam/hornbeam.jar
USER hornbeam
ENTRYPOINT ["java", "-jar", "/opt/hornbeam/hornbeam.jar"]
CMD ["--help"]
