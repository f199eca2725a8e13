package dev.taskflow.engine;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import javax.sql.DataSource;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.BackOffExecution;

import dev.taskflow.store.FinishedJobNotifications;

/**
 * Listens on PostgreSQL for the jobs any node finished and tells the waiters of this
 * node, so that a future of {@link dev.taskflow.Jobs#whenFinished} completes when its job
 * is finished elsewhere rather than at the next poll. Started with the first awaited job;
 * holds one connection of the pool from then on. While it listens the waiters poll only
 * as a safety net; while it cannot, they poll as often as without it.
 *
 * @author TaskFlow
 */
final class PostgresFinishedListener implements Runnable {

	private static final Log logger = LogFactory.getLog(PostgresFinishedListener.class);

	private static final int WAIT_MILLIS = 500;

	private final DataSource dataSource;

	private final JobWaiters waiters;

	private final FailureLog failures = new FailureLog(logger, "listen for finished jobs on PostgreSQL");

	private volatile boolean running = true;

	PostgresFinishedListener(DataSource dataSource, JobWaiters waiters) {
		this.dataSource = dataSource;
		this.waiters = waiters;
	}

	void stop() {
		this.running = false;
	}

	@Override
	public void run() {
		BackOff reconnect = PostgresWakeUpListener.reconnectBackOff();
		BackOffExecution backOff = reconnect.start();
		while (this.running) {
			try (Connection connection = this.dataSource.getConnection()) {
				PGConnection postgres = connection.unwrap(PGConnection.class);
				if (!connection.getAutoCommit()) {
					connection.setAutoCommit(true);
				}
				try (Statement statement = connection.createStatement()) {
					statement.execute("LISTEN " + FinishedJobNotifications.CHANNEL);
				}
				this.failures.succeeded();
				backOff = reconnect.start();
				// reads every awaited job once: some may have finished before we listened
				this.waiters.listening(true);
				while (this.running) {
					PGNotification[] notifications = postgres.getNotifications(WAIT_MILLIS);
					if (notifications != null) {
						for (PGNotification notification : notifications) {
							this.waiters.finished(FinishedJobNotifications.ids(notification.getParameter()));
						}
					}
				}
			}
			catch (SQLException | RuntimeException | Error ex) {
				// an Error too: a dead listener would leave the waiters to their polls,
				// and no health check counts this thread
				this.waiters.listening(false);
				if (!this.running) {
					return;
				}
				this.failures.failed(ex);
				WakeUpSignal.sleepQuietly(Duration.ofMillis(backOff.nextBackOff()));
			}
		}
		this.waiters.listening(false);
	}

}
