# TimeOS on Open Liberty, following the Liberty image conventions (features.sh, then configure.sh).
# Build the WAR and the JDBC drivers first:  mvn -B package liberty:create -DskipTests
#                                            (or mvn verify), then:  docker build -t timeos .
# Run:  docker run -p 9080:9080 timeos                       (embedded Derby under /opt/ol/wlp/output)
#       (the management API needs -e TIMEOS_ADMIN_PASSWORD=... -e TIMEOS_VIEWER_PASSWORD=...: README, Security)
#       (HTTPS, and so /metrics, needs -e keystore_password=... or your own keystore: README, Security)
#       docker run -p 9080:9080 -e TIMEOS_DB_URL='jdbc:postgresql://db:5432/timeos?user=timeos&password=secret' timeos
FROM icr.io/appcafe/open-liberty:26.0.0.3-kernel-slim-java17-openj9-ubi

COPY --chown=1001:0 liberty/server.xml liberty/jvm.options /config/
COPY --chown=1001:0 docker/app.xml /config/configDropins/defaults/
RUN features.sh

COPY --chown=1001:0 target/liberty/wlp/usr/shared/resources/jdbc/ /opt/ol/wlp/usr/shared/resources/jdbc/
COPY --chown=1001:0 target/timeos.war /config/apps/
RUN configure.sh
