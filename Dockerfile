# One image per service, built from source: docker build --build-arg SERVICE=catalog-service .
# (docker-compose.yml builds every service this way.) Base images are pinned to exact versions: the JDK the build
# uses here (Temurin 25.0.3+9) and its JRE.

FROM eclipse-temurin:25.0.3_9-jdk-noble AS build
ARG SERVICE
WORKDIR /src
COPY . .
# The local Maven repository is a cache mount: later builds of any service reuse the downloaded dependencies.
RUN --mount=type=cache,target=/root/.m2 \
    test -n "$SERVICE" || { echo "build with --build-arg SERVICE=<module>"; exit 1; }; \
    ./mvnw -B -q -pl "$SERVICE" -am -DskipTests package \
    && cp "$SERVICE/target/$SERVICE-"*.jar /app.jar
# Spring Boot's tools jar mode splits the jar into layers (dependencies change rarely, the application often) and
# --launcher keeps the loader, so the runtime image starts it with JarLauncher.
RUN java -Djarmode=tools -jar /app.jar extract --layers --launcher --destination /extracted
RUN javac --release 25 -d /healthcheck infra/docker/HealthCheck.java

FROM eclipse-temurin:25.0.3_9-jre-noble
# A user without a login and without a home to write to: the service needs neither.
RUN groupadd --system patternshop && useradd --system --gid patternshop --no-create-home patternshop
WORKDIR /app
COPY --from=build /extracted/dependencies/ ./
COPY --from=build /extracted/spring-boot-loader/ ./
COPY --from=build /extracted/snapshot-dependencies/ ./
COPY --from=build /extracted/application/ ./
COPY --from=build /healthcheck /opt/healthcheck
USER patternshop
# Container-aware: the heap is a share of the container's memory limit, not of the host's. Compose sets the
# limit per service; these are the defaults for a plain docker run.
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=40 -XX:+UseSerialGC -Xss512k -XX:MaxMetaspaceSize=192m -XX:ReservedCodeCacheSize=64m -XX:+ExitOnOutOfMemoryError"
HEALTHCHECK --interval=10s --timeout=5s --start-period=120s --retries=6 \
    CMD ["java", "-Xmx16m", "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-cp", "/opt/healthcheck", "HealthCheck"]
ENTRYPOINT ["java", "org.springframework.boot.loader.launch.JarLauncher"]
