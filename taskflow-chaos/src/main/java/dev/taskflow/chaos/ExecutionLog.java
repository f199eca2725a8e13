package dev.taskflow.chaos;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import dev.taskflow.TaskContext;

/**
 * Writes each execution of a chaos handler to {@code chaos_execution}, by the database's
 * clock: a row when it starts (with the workflow and step of a workflow's job, as its
 * {@link TaskContext} tells them), its end and outcome when it ends. Writes retry through
 * short outages (the harness cuts connections and restarts the server) so that an
 * execution is not lost from the record because the database blinked; a write that keeps
 * failing fails the attempt, which TaskFlow then retries. Each write is a transaction of
 * its own, so that it commits on a node whose pool has auto-commit off too (what TaskFlow
 * does there is under test, not the record of it).
 *
 * @author TaskFlow
 */
final class ExecutionLog {

	private static final Duration GIVE_UP_AFTER = Duration.ofSeconds(30);

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transaction;

	private final String nodeId;

	private final String nowMicros;

	ExecutionLog(JdbcTemplate jdbc, String nodeId) {
		this.jdbc = jdbc;
		this.transaction = new TransactionTemplate(new DataSourceTransactionManager(jdbc.getDataSource()));
		this.transaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		this.nodeId = nodeId;
		this.nowMicros = UnstorableResult.isPostgresql(jdbc) ? ChaosDatabase.POSTGRESQL.nowMicros()
				: ChaosDatabase.MARIADB.nowMicros();
	}

	void run(TaskContext context, Body work) throws InterruptedException {
		call(context, () -> {
			work.run();
			return null;
		});
	}

	<T> T call(TaskContext context, Call<T> work) throws InterruptedException {
		String executionId = UUID.randomUUID().toString();
		long localMicros = ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
		write("INSERT INTO chaos_execution (execution_id, job_id, handler, attempt, node_id, started_at,"
				+ " local_started_at, workflow_id, step_name) VALUES (?, ?, ?, ?, ?, " + this.nowMicros + ", ?, ?, ?)",
				executionId, context.jobId().toString(), context.handler(), context.attempt(), this.nodeId, localMicros,
				context.workflowId().map(Object::toString).orElse(null), context.stepName().orElse(null));
		String outcome = "succeeded";
		try {
			return work.call();
		}
		catch (InterruptedException ex) {
			outcome = "interrupted";
			throw ex;
		}
		catch (RuntimeException ex) {
			outcome = "failed";
			throw ex;
		}
		finally {
			// keep an interrupt for the caller, but write the end first
			boolean interrupted = Thread.interrupted();
			try {
				write("UPDATE chaos_execution SET ended_at = " + this.nowMicros
						+ ", outcome = ? WHERE execution_id = ?", outcome, executionId);
			}
			finally {
				if (interrupted) {
					Thread.currentThread().interrupt();
				}
			}
		}
	}

	String nodeId() {
		return this.nodeId;
	}

	JdbcTemplate jdbc() {
		return this.jdbc;
	}

	/**
	 * SQL for the database's current time in epoch microseconds.
	 * @return the SQL
	 */
	String nowMicros() {
		return this.nowMicros;
	}

	/**
	 * Write in a transaction of its own, retrying through short outages.
	 * @param sql the statement
	 * @param arguments its arguments
	 * @throws InterruptedException if interrupted while waiting to retry
	 */
	void write(String sql, Object... arguments) throws InterruptedException {
		long giveUpAt = System.nanoTime() + GIVE_UP_AFTER.toNanos();
		long backoff = 100;
		while (true) {
			try {
				this.transaction.executeWithoutResult((status) -> this.jdbc.update(sql, arguments));
				return;
			}
			catch (RuntimeException ex) {
				if (System.nanoTime() > giveUpAt) {
					throw ex;
				}
				Thread.sleep(backoff);
				backoff = Math.min(backoff * 2, 2000);
			}
		}
	}

	@FunctionalInterface
	interface Body {

		void run() throws InterruptedException;

	}

	@FunctionalInterface
	interface Call<T> {

		T call() throws InterruptedException;

	}

}
