package dev.taskflow.store;

/**
 * A limit that holds across all nodes, enforced through its rows in
 * {@code taskflow_permit}, locked by each claim that may use it.
 *
 * @param name the permit name, unique per limit
 * @param kind what it limits
 * @param column the job column it applies to ({@code handler} or {@code queue}), or
 * {@code null} for every job
 * @param value the value of that column
 * @param limit the permits per period ({@link Kind#RATE}) or the jobs at once
 * ({@link Kind#CONCURRENCY}); unused for {@link Kind#KEYS}
 * @param periodMicros how long a rate permit stays used, in microseconds
 * @author TaskFlow
 */
public record ClusterLimit(String name, Kind kind, String column, String value, int limit, long periodMicros) {

	public ClusterLimit {
		if (column != null && !column.equals("handler") && !column.equals("queue")) {
			throw new IllegalArgumentException("column must be handler or queue, was " + column);
		}
	}

	/**
	 * The number of permit rows.
	 * @return the slots
	 */
	int slots() {
		return (this.kind == Kind.RATE) ? this.limit : 1;
	}

	/**
	 * What a cluster-wide limit counts.
	 */
	public enum Kind {

		/**
		 * Jobs started per period: one row per permit, holding when it was last granted.
		 */
		RATE,

		/**
		 * Jobs running at once: one row, locked while its running jobs are counted.
		 */
		CONCURRENCY,

		/**
		 * Jobs running at once per concurrency key: one row, locked while the keys'
		 * running jobs are counted.
		 */
		KEYS

	}

}
