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
 * hands to another node later is not mistaken for ours; and so that the sessions a pool
 * keeps replacing (each new connection a new PostgreSQL backend PID) do not pile up,
 * those that inserted nothing lately are swept out at most once per that while, by an
 * insert.
 *
 * @author TaskFlow
 */
public final class InsertingSessions {

	static final long REMEMBER_NANOS = TimeUnit.SECONDS.toNanos(10);

	private final Map<Integer, Long> lastInsertBySession = new ConcurrentHashMap<>();

	// boxed: null until the first insert, as System.nanoTime() has no fixed origin
	private volatile Long lastSweep;

	void inserted(int sessionId) {
		inserted(sessionId, System.nanoTime());
	}

	void inserted(int sessionId, long now) {
		if (sessionId == SqlDialect.UNKNOWN_SESSION) {
			return;
		}
		this.lastInsertBySession.put(sessionId, now);
		Long last = this.lastSweep;
		if (last == null) {
			this.lastSweep = now;
		}
		else if (now - last > REMEMBER_NANOS) {
			// two inserting threads may both sweep, harmless and rare; an entry goes
			// only with the time read, so an insert meanwhile keeps it
			this.lastSweep = now;
			this.lastInsertBySession.forEach((session, inserted) -> {
				if (now - inserted > REMEMBER_NANOS) {
					this.lastInsertBySession.remove(session, inserted);
				}
			});
		}
	}

	/**
	 * Whether this node inserted jobs through the given database session lately.
	 * @param sessionId the database's id of the session (PostgreSQL: the backend PID)
	 * @return {@code true} if it did
	 */
	public boolean insertedLately(int sessionId) {
		return insertedLately(sessionId, System.nanoTime());
	}

	boolean insertedLately(int sessionId, long now) {
		Long last = this.lastInsertBySession.get(sessionId);
		if (last == null) {
			return false;
		}
		if (now - last > REMEMBER_NANOS) {
			this.lastInsertBySession.remove(sessionId, last);
			return false;
		}
		return true;
	}

	/**
	 * The number of sessions remembered now.
	 * @return the number
	 */
	int remembered() {
		return this.lastInsertBySession.size();
	}

}
