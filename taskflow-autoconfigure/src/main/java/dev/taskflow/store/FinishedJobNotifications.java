package dev.taskflow.store;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * On PostgreSQL, tells every node which jobs reached a final status: a notification on
 * {@value #CHANNEL} with their ids, comma-separated, sent in the transaction that
 * finished them, so that it arrives once they can be read. Nodes that wait for jobs
 * ({@code Jobs.whenFinished}) complete their futures from it rather than at their next
 * poll. One notification per {@value #IDS_PER_NOTIFICATION} ids keeps each payload under
 * NOTIFY's 8,000 bytes; on other databases nothing is sent.
 *
 * @author TaskFlow
 */
public final class FinishedJobNotifications {

	/**
	 * The channel of the notifications.
	 */
	public static final String CHANNEL = "taskflow_job_finished";

	/**
	 * The most ids one notification carries (37 bytes each).
	 */
	static final int IDS_PER_NOTIFICATION = 200;

	private static final String NOTIFY = "SELECT pg_notify('" + CHANNEL + "', ?)";

	private FinishedJobNotifications() {
	}

	/**
	 * A common table expression, for a statement whose earlier expression {@code rows}
	 * returns the finished jobs' ids as {@code id}, that notifies them. PostgreSQL runs a
	 * SELECT in a WITH only when the statement reads it: the statement must read
	 * {@code COUNT(*)} of it once (an uncorrelated scalar subquery, evaluated once).
	 * @param name the expression's name
	 * @param rows the name of the expression with the ids
	 * @return the expression, {@code name AS (...)}
	 */
	static String notifyingExpression(String name, String rows) {
		return name + " AS (SELECT pg_notify('" + CHANNEL + "', string_agg(CAST(id AS TEXT), ','))"
				+ " FROM (SELECT id, (row_number() OVER ()) / " + IDS_PER_NOTIFICATION + " AS part FROM " + rows
				+ ") AS numbered GROUP BY part)";
	}

	/**
	 * Notify the given jobs as finished, in the caller's transaction if there is one.
	 * @param store the store
	 * @param ids the jobs that reached a final status
	 */
	static void send(StoreSupport store, Collection<UUID> ids) {
		if (ids.isEmpty() || !store.dialect().supportsNotifications()) {
			return;
		}
		List<UUID> all = List.copyOf(ids);
		for (int from = 0; from < all.size(); from += IDS_PER_NOTIFICATION) {
			StringBuilder payload = new StringBuilder();
			for (UUID id : all.subList(from, Math.min(all.size(), from + IDS_PER_NOTIFICATION))) {
				payload.append((payload.length() > 0) ? "," : "").append(id);
			}
			store.jdbc().query(NOTIFY, (ps) -> ps.setString(1, payload.toString()), (rs) -> {
			});
		}
	}

	/**
	 * The ids a notification carries.
	 * @param payload the payload
	 * @return the ids, leaving out any part that is not one
	 */
	public static List<UUID> ids(String payload) {
		if (payload == null || payload.isEmpty()) {
			return List.of();
		}
		List<UUID> ids = new ArrayList<>();
		for (String part : payload.split(",")) {
			try {
				ids.add(UUID.fromString(part.trim()));
			}
			catch (IllegalArgumentException ex) {
				// not from this version of TaskFlow: the shared poll finds the job
			}
		}
		return ids;
	}

}
