#!/usr/bin/env bash
# Soak run of the chaos harness (see README.md beside this file):
#   ./taskflow-chaos/soak.sh --database=postgresql|mariadb --minutes=N [--nodes=N] [--seed=N]
# Defaults: postgresql, 10 minutes, 3 nodes, a random seed (printed). Exits non-zero when a check fails.
set -euo pipefail
cd "$(dirname "$0")/.."
database=postgresql
minutes=10
extra=()
for arg in "$@"; do
	case "$arg" in
		--database=*) database="${arg#*=}" ;;
		--minutes=*) minutes="${arg#*=}" ;;
		*) extra+=("$arg") ;;
	esac
done
mvn -B -q package -DskipTests -pl taskflow-chaos -am
exec java -Xmx1g -cp "taskflow-chaos/target/classes:taskflow-chaos/target/lib/*" dev.taskflow.chaos.ChaosHarness \
	--database="$database" --minutes="$minutes" --output=taskflow-chaos/target/chaos ${extra[@]+"${extra[@]}"}
