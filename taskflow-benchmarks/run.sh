#!/usr/bin/env bash
# Builds TaskFlow and runs its benchmarks; arguments go to dev.taskflow.benchmarks.Benchmarks
# (--mariadb, --h2, --no-postgresql, --smoke, --only=drain,enqueue_batch, and --peers: TaskFlow side
# by side with db-scheduler and JobRunr, see taskflow-benchmarks/README.md).
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q package -DskipTests -pl taskflow-benchmarks -am
exec java -Xmx2g -cp "taskflow-benchmarks/target/classes:taskflow-benchmarks/target/lib/*" \
	dev.taskflow.benchmarks.Benchmarks "$@"
