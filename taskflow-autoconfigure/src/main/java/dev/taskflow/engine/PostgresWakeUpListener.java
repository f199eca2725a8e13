package dev.taskflow.engine;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.function.IntPredicate;
import java.util.function.LongConsumer;

import javax.sql.DataSource;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import org.springframework.util.ClassUtils;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.BackOffExecution;
import org.springframework.util.backoff.ExponentialBackOff;

import dev.taskflow.JobRequest;

/**
 * Listens on PostgreSQL for the notification a trigger sends when jobs are inserted, so
 * every node wakes at once instead of at its next poll, or, for delayed jobs, when they
 * become due. Holds one connection of the pool while the node runs.
 * <p>
 * The payload lists the milliseconds from the insert until the earliest due times of the
 * inserted jobs (at most {@link #MOST_DUE_TIMES}, ascending, comma-separated, rounded up;
 * {@code 0} for jobs due at once), measured by the database's clock, so a node whose
 * clock is off still wakes on time: the wait counts from the moment the notification
 * arrives, never earlier than the insert. An empty payload (an older trigger, a resumed
 * queue) means jobs may be due now.
 *
 * @author TaskFlow
 */
final class PostgresWakeUpListener implements Runnable {

	static final String CHANNEL = "taskflow_job_enqueued";

	/**
	 * The payload of the notification that a queue's run-time limits changed.
	 */
	static final String QUEUE_LIMITS = "queue-limits";

	/**
	 * The most due times one notification carries (the trigger's limit).
	 */
	static final int MOST_DUE_TIMES = 16;

	private static final Log logger = LogFactory.getLog(PostgresWakeUpListener.class);

	private static final int WAIT_MILLIS = 500;

	private static final long LONGEST_DELAY_MILLIS = JobRequest.MAX_DELAY.toMillis();

	private final DataSource dataSource;

	private final Runnable wakeUp;

	private final LongConsumer wakeUpAt;

	// whether this node inserted jobs lately through the session of the given id
	private final IntPredicate ownSession;

	private final Runnable queueLimitsChanged;

	private final FailureLog failures = new FailureLog(logger, "listen for PostgreSQL notifications");

	private volatile boolean running = true;

	// from LISTEN until the connection is lost: until then the node hears of no insert
	private volatile boolean listening;

	PostgresWakeUpListener(DataSource dataSource, Runnable wakeUp, LongConsumer wakeUpAt, IntPredicate ownSession) {
		this(dataSource, wakeUp, wakeUpAt, ownSession, () -> {
		});
	}

	PostgresWakeUpListener(DataSource dataSource, Runnable wakeUp, LongConsumer wakeUpAt, IntPredicate ownSession,
			Runnable queueLimitsChanged) {
		this.dataSource = dataSource;
		this.wakeUp = wakeUp;
		this.wakeUpAt = wakeUpAt;
		this.ownSession = ownSession;
		this.queueLimitsChanged = queueLimitsChanged;
	}

	static boolean isAvailable() {
		return ClassUtils.isPresent("org.postgresql.PGConnection", PostgresWakeUpListener.class.getClassLoader());
	}

	/**
	 * How long a listener waits before it connects again after a failure: one second,
	 * doubled after each failure up to 30 seconds. A listener starts it again once it
	 * listens, so the next outage begins at one second.
	 * @return the back-off
	 */
	static BackOff reconnectBackOff() {
		ExponentialBackOff backOff = new ExponentialBackOff(1000, 2);
		backOff.setMaxInterval(30_000);
		return backOff;
	}

	void stop() {
		this.running = false;
	}

	/**
	 * Whether the listener listens now, so that the node hears of every job inserted from
	 * now on, with its due time.
	 * @return whether it listens
	 */
	boolean isListening() {
		return this.listening;
	}

	@Override
	public void run() {
		BackOff reconnect = reconnectBackOff();
		BackOffExecution backOff = reconnect.start();
		while (this.running) {
			try (Connection connection = this.dataSource.getConnection()) {
				PGConnection postgres = connection.unwrap(PGConnection.class);
				if (!connection.getAutoCommit()) {
					connection.setAutoCommit(true);
				}
				try (Statement statement = connection.createStatement()) {
					statement.execute("LISTEN " + CHANNEL);
				}
				this.listening = true;
				this.failures.succeeded();
				backOff = reconnect.start();
				// jobs may have been inserted while we were not listening
				this.wakeUp.run();
				listen(postgres);
			}
			catch (SQLException | RuntimeException | Error ex) {
				this.listening = false;
				// an Error too: a dead listener would leave the node to its polls, and no
				// health check counts this thread
				if (!this.running) {
					return;
				}
				this.failures.failed(ex);
				WakeUpSignal.sleepQuietly(Duration.ofMillis(backOff.nextBackOff()));
			}
		}
	}

	private void listen(PGConnection postgres) throws SQLException {
		while (this.running) {
			PGNotification[] notifications = postgres.getNotifications(WAIT_MILLIS);
			if (notifications != null) {
				received(notifications, System.nanoTime());
			}
		}
	}

	void received(PGNotification[] notifications, long receivedAt) {
		boolean dueNow = false;
		for (PGNotification notification : notifications) {
			if (QUEUE_LIMITS.equals(notification.getParameter())) {
				this.queueLimitsChanged.run();
				continue;
			}
			// this node woke itself after its own inserts committed: a second wake-up
			// would only cost an empty claim (measured: see docs/benchmarks.md); their
			// later due times it learns here, as every node does
			boolean own = this.ownSession.test(notification.getPID());
			long[] dueInMillis = dueInMillis(notification.getParameter());
			if (dueInMillis.length == 0) {
				dueNow |= !own;
			}
			for (long millis : dueInMillis) {
				if (millis == 0) {
					dueNow |= !own;
				}
				else if (millis <= LONGEST_DELAY_MILLIS) {
					// a due time beyond any delay a request may have (about 100 years) is
					// not worth waking for, and would not count in nanoseconds
					this.wakeUpAt.accept(receivedAt + millis * 1_000_000);
				}
			}
		}
		if (dueNow) {
			this.wakeUp.run();
		}
	}

	/**
	 * The due times a payload carries, in milliseconds from the insert.
	 * @param payload the payload
	 * @return the due times, empty if it carries none (jobs may be due now)
	 */
	static long[] dueInMillis(String payload) {
		if (payload == null || payload.isEmpty()) {
			return new long[0];
		}
		String[] parts = payload.split(",", MOST_DUE_TIMES + 1);
		long[] millis = new long[Math.min(parts.length, MOST_DUE_TIMES)];
		for (int i = 0; i < millis.length; i++) {
			try {
				millis[i] = Math.max(0, Long.parseLong(parts[i].trim()));
			}
			catch (NumberFormatException ex) {
				// a payload of another format: wake at once, as for one without due times
				return new long[0];
			}
		}
		return millis;
	}

}
