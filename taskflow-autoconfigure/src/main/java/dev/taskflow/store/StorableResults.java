package dev.taskflow.store;

import java.nio.charset.StandardCharsets;

import org.springframework.dao.DataAccessException;

/**
 * Tells, before a write, the results the database is known to refuse: on PostgreSQL a
 * JSON result with a NUL character, which {@code jsonb} cannot hold; on MariaDB and MySQL
 * one larger than the server's {@code max_allowed_packet}, which no statement can carry.
 * Sending such a result only to have it refused costs a round trip per try, and on
 * MariaDB a connection each time (the server closes it), while the other outcomes of its
 * batch wait: one 16 MB result held up its node's outcomes for seconds under load.
 *
 * @author TaskFlow
 */
final class StorableResults {

	// what a statement carries besides the result: its SQL, the id, the attempt, the
	// times
	private static final long STATEMENT_ROOM = 64 * 1024;

	private static final long NOT_READ = -1;

	private static final String NUL_ESCAPE = "\\u0000";

	private final StoreSupport store;

	private volatile long maxStatementBytes = NOT_READ;

	StorableResults(StoreSupport store) {
		this.store = store;
	}

	/**
	 * Why the database would refuse the given result, if it is known to.
	 * @param json the result as JSON text, or {@code null}
	 * @return why, naming the limit and the fix, or {@code null} if the result is not
	 * known to be refused
	 */
	String refusalOf(String json) {
		if (json == null) {
			return null;
		}
		if (this.store.dialect().refusesNulInJson() && hasNulEscape(json)) {
			return "the result has a NUL character (\\u0000), which " + this.store.dialect().name()
					+ " cannot store in JSON; return a result without it (encode binary data, e.g. as Base64)";
		}
		long limit = maxStatementBytes();
		if (limit > 0 && json.length() > (limit - STATEMENT_ROOM) / 3) {
			long bytes = json.getBytes(StandardCharsets.UTF_8).length;
			if (bytes > limit - STATEMENT_ROOM) {
				return "the result is " + bytes + " bytes of JSON, more than a statement can carry on this database"
						+ " (max_allowed_packet is " + limit + " bytes, less " + STATEMENT_ROOM
						+ " for the rest of the statement); return a smaller result (keep large data elsewhere and"
						+ " return a reference to it) or raise max_allowed_packet";
			}
		}
		return null;
	}

	// an escape, not an escaped backslash followed by "u0000": an odd run of
	// backslashes
	static boolean hasNulEscape(String json) {
		int at = json.indexOf(NUL_ESCAPE);
		while (at >= 0) {
			int backslashes = 0;
			for (int i = at; i >= 0 && json.charAt(i) == '\\'; i--) {
				backslashes++;
			}
			if (backslashes % 2 == 1) {
				return true;
			}
			at = json.indexOf(NUL_ESCAPE, at + 1);
		}
		return false;
	}

	// read once, when first needed: a server's limit changes only with its
	// configuration, and a result near it is rare
	private long maxStatementBytes() {
		long known = this.maxStatementBytes;
		if (known != NOT_READ) {
			return known;
		}
		String query = this.store.dialect().maxStatementBytesQuery();
		if (query == null) {
			this.maxStatementBytes = 0;
			return 0;
		}
		try {
			Long limit = this.store.jdbc().queryForObject(query, Long.class);
			long read = (limit != null) ? limit : 0;
			this.maxStatementBytes = read;
			return read;
		}
		catch (DataAccessException ex) {
			// not known now (an outage): the write finds out, and this is asked again
			return 0;
		}
	}

}
