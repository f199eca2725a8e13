#!/usr/bin/env bash
# Soak run of the chaos harness (see README.md beside this file):
#   ./taskflow-chaos/soak.sh --database=postgresql|mariadb --minutes=N [--nodes=N] [--seed=N]
#       [--without=auto-commit-off,unstorable-results,throwing-listener] [--auto-commit-off-every=N]
#       [--no-server-restart] [--keep-database]
# Defaults: postgresql, 10 minutes, 3 nodes, a random seed (printed), every ingredient.
# Exits non-zero when a check fails.
#
# Unlike the bounded run of `mvn verify`, the soak RESTARTS THE SHARED LOCAL DATABASE SERVER once,
# half-way (all of its databases, for everyone using it), unless --no-server-restart is given or
# TASKFLOW_CHAOS_<DB>_RESTART names another command (or `none`).
set -euo pipefail
cd "$(dirname "$0")/.."
database=postgresql
minutes=10
restart=(--restart-server)
extra=()
for arg in "$@"; do
	case "$arg" in
		--database=*) database="${arg#*=}" ;;
		--minutes=*) minutes="${arg#*=}" ;;
		--no-server-restart) restart=() ;;
		*) extra+=("$arg") ;;
	esac
done
variable="TASKFLOW_CHAOS_$(echo "$database" | tr '[:lower:]' '[:upper:]')_RESTART"
if [ ${#restart[@]} -gt 0 ] && [ -z "${!variable:-}" ]; then
	echo "*** WARNING: this soak restarts the shared local $database server half-way: every database on it," >&2
	echo "*** and every test or application using it, loses its connections. Do not run other tests" >&2
	echo "*** against it meanwhile. --no-server-restart (or $variable=none) leaves it alone. ***" >&2
fi
mvn -B -q package -DskipTests -pl taskflow-chaos -am
exec java -Xmx1g -cp "taskflow-chaos/target/classes:taskflow-chaos/target/lib/*" dev.taskflow.chaos.ChaosHarness \
	--database="$database" --minutes="$minutes" --output=taskflow-chaos/target/chaos \
	${restart[@]+"${restart[@]}"} ${extra[@]+"${extra[@]}"}
