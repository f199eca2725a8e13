package dev.taskflow.store;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The database sessions through which this node inserted jobs lately. A node wakes its
 * own dispatcher after it enqueues, so the notification its insert also sends to every
 * listener is, for this node alone, a second wake-up for the same jobs: an empty claim
 * that delays the next real one. Knowing its own sessions lets the node skip it.
 * <p>
 * A session is forgotten a while after its last insert, so that a session id the database
 * hands to another node later is not mistaken for ours.
 *
 * @author TaskFlow
 */
public final class InsertingSessions {

	private static final long REMEMBER_NANOS = TimeUnit.SECONDS.toNanos(10);

	private final Map<Integer, Long> lastInsertBySession = new ConcurrentHashMap<>();

	void inserted(int sessionId) {
		if (sessionId != SqlDialect.UNKNOWN_SESSION) {
			this.lastInsertBySession.put(sessionId, System.nanoTime());
		}
	}

	/**
	 * Whether this node inserted jobs through the given database session lately.
	 * @param sessionId the database's id of the session (PostgreSQL: the backend PID)
	 * @return {@code true} if it did
	 */
	public boolean insertedLately(int sessionId) {
		Long last = this.lastInsertBySession.get(sessionId);
		if (last == null) {
			return false;
		}
		if (System.nanoTime() - last > REMEMBER_NANOS) {
			this.lastInsertBySession.remove(sessionId, last);
			return false;
		}
		return true;
	}

}
