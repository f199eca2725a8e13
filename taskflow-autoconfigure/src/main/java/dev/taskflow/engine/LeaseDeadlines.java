package dev.taskflow.engine;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When the lease of each job this node holds runs out at the latest, by the node's
 * monotonic clock: from the moment the claim or the last successful extension was sent,
 * so never later than the database's own {@code lease_until}. A claimed job that waited
 * for a worker while the node could not reach the database (no extension) may have been
 * rescued and started elsewhere meanwhile; it must not start here too.
 *
 * @author TaskFlow
 */
final class LeaseDeadlines {

	private final Map<UUID, Long> deadlines = new ConcurrentHashMap<>();

	private final long leaseNanos;

	// a job starts only with some lease left, so that one missed heartbeat does not
	// already overlap it with a rescue
	private final long marginNanos;

	LeaseDeadlines(Duration lease) {
		this.leaseNanos = lease.toNanos();
		this.marginNanos = this.leaseNanos / 10;
	}

	void claimed(UUID id, long claimSentNanos) {
		this.deadlines.put(id, claimSentNanos + this.leaseNanos);
	}

	/**
	 * Note an extension that succeeded: the leases still valid when it ran now last a
	 * full lease from when it was sent; one that had run out stays run out (the database
	 * never revives an expired lease).
	 * @param ids the jobs the extension was sent for
	 * @param sentNanos when it was sent
	 */
	void extended(Collection<UUID> ids, long sentNanos) {
		long now = System.nanoTime();
		for (UUID id : ids) {
			this.deadlines.computeIfPresent(id,
					(key, deadline) -> (deadline - now > 0) ? sentNanos + this.leaseNanos : deadline);
		}
	}

	boolean mayStart(UUID id) {
		Long deadline = this.deadlines.get(id);
		return deadline == null || deadline - System.nanoTime() > this.marginNanos;
	}

	void forget(UUID id) {
		this.deadlines.remove(id);
	}

	void clear() {
		this.deadlines.clear();
	}

}
