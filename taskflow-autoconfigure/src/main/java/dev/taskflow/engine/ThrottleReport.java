package dev.taskflow.engine;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.taskflow.store.ClaimedJob;
import dev.taskflow.throttle.Target;
import dev.taskflow.throttle.ThrottleListener;

/**
 * Says when and why limits hold jobs back: tells the listener (metrics) of every job held
 * back at a claim, and logs each limit that does so at most once a minute, with how often
 * it did.
 *
 * @author TaskFlow
 */
final class ThrottleReport {

	private static final Log logger = LogFactory.getLog(ThrottleReport.class);

	private static final Duration LOG_INTERVAL = Duration.ofMinutes(1);

	private final String nodeId;

	private final ThrottleListener listener;

	private final Map<String, Entry> entries = new ConcurrentHashMap<>();

	ThrottleReport(String nodeId, ThrottleListener listener) {
		this.nodeId = nodeId;
		this.listener = listener;
	}

	void heldBack(ClaimedJob job, Target target, String reason, String limit) {
		try {
			this.listener.heldBack(job.handler(), job.queue(), target, reason);
		}
		catch (RuntimeException ex) {
			logger.debug("TaskFlow throttle listener failed", ex);
		}
		Entry entry = this.entries.computeIfAbsent(limit, (key) -> new Entry());
		entry.count.incrementAndGet();
		long now = System.nanoTime();
		long last = entry.loggedAt.get();
		if ((last == 0 || now - last >= LOG_INTERVAL.toNanos()) && entry.loggedAt.compareAndSet(last, now)) {
			long count = entry.count.getAndSet(0);
			logger.info("TaskFlow node " + this.nodeId + " holds jobs of " + target + " back in the database: " + limit
					+ " reached (" + count + " job(s) held back at claims" + ((last == 0) ? "" : " in the last minute")
					+ ")");
		}
	}

	private static final class Entry {

		private final AtomicLong count = new AtomicLong();

		private final AtomicLong loggedAt = new AtomicLong();

	}

}
