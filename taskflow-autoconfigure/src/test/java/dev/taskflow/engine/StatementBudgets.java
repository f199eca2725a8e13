package dev.taskflow.engine;

import java.time.Duration;

import dev.taskflow.autoconfigure.TaskFlowProperties;
import dev.taskflow.testsupport.TestDatabase;

/**
 * The round trips TaskFlow may spend on its database, per database: the budgets that
 * {@link AbstractStatementBudgetIntegrationTests} holds every build to. Written down on
 * 2026-12-05 from what main (7394e10, after the claim-plan fix) measured; the table is in
 * docs/benchmarks.md ("Statement budgets"), and {@link RoundTripCounter} says what counts
 * as a statement.
 * <p>
 * Figures of one call and of one unit of work (a claim, a write of successes, a tick of a
 * periodic loop) do not depend on timing: they are today's counts, exactly. Figures per
 * drained job do, because claims and outcome writes take as many jobs as are there at
 * that moment: each is a ceiling on the lowest of three drains on one node, set at the
 * highest single drain measured on 2026-12-05 (25 drains per case and database, 8 of them
 * with the test JVM pinned to one core), rounded up to the next 0.05. That is the margin:
 * for the lowest of three to cross it, all three must do worse than any drain seen that
 * day. Every ceiling of the no-op drain is below 1 statement per job, and every ceiling
 * of the jobs that fail once is below 1 plus the lowest drain measured, so one statement
 * more per job fails the build on every database (tried on 2026-12-05: one SELECT per
 * succeeded job in the outcome writer failed both drain tests on all three). H2 wanders
 * most: its statements take microseconds, so an outcome write takes whatever few outcomes
 * have arrived.
 * <p>
 * The statistics writer ({@code taskflow-statistics}) is one of the periodic loops, left
 * out of the drains: it sends one INSERT per write of the minutes closed since the last,
 * whatever the number of jobs (a minute may close during a drain), nothing while nothing
 * happened, and one DELETE an hour for its retention, less than one statement a minute
 * and so not in {@link Idle#minute(boolean)}. {@code AbstractStatisticsIntegrationTests}
 * holds it to one statement per write and none per job; the idle case to nothing.
 * <p>
 * <b>Raising a budget.</b> A change that needs more round trips raises the budget on
 * purpose, never to make a build pass: in the same commit as the change, with a comment
 * beside the new figure saying what the round trips buy (and the same reason in the
 * commit message), and with the table in docs/benchmarks.md updated. A change that saves
 * round trips lowers the budget the same way, so that the saving cannot be lost silently.
 *
 * @param enqueue one {@code enqueue} of one job
 * @param enqueueAll one {@code enqueueAll} of 1,000 jobs
 * @param drain draining 1,000 no-op jobs with 10 threads
 * @param failOnceThenSucceed 1,000 jobs that fail their first attempt and succeed on
 * their second
 * @param idle an idle node, per tick of each of its periodic loops
 * @author TaskFlow
 */
record StatementBudgets(Call enqueue, Call enqueueAll, JobPath drain, JobPath failOnceThenSucceed, Idle idle) {

	/**
	 * PostgreSQL: an enqueue, a claim and a write of successes are one statement each,
	 * auto-committed; only an outcome write with a retry or a failure is a transaction.
	 */
	static final StatementBudgets POSTGRESQL = new StatementBudgets(
			// enqueue: one INSERT
			new Call(1, 0, 0),
			// enqueueAll of 1,000: one INSERT from arrays
			new Call(1, 0, 0),
			// drain: claims of up to 210 jobs since the prefetch grows for short jobs
			// (3b0f50a; 0.104 to 0.175 statements per job with claims of ~18 before it);
			// a
			// write of successes inserts their history rows in the same statement (0.021
			// to 0.025 measured)
			new JobPath(0.06, 0.0, 0, new Unit(1, 0), new Unit(1, 0)),
			// fail once, then succeed: a write with retries is one transaction, their
			// updates and history rows batched (0.238 to 0.470 statements and 0.029 to
			// 0.093 commits per job measured)
			// (0.042 to 0.055 and 0.004 to 0.008 with the adaptive prefetch, 3b0f50a)
			new JobPath(0.15, 0.03, 2, new Unit(1, 0), null),
			// idle, per tick: poll; heartbeat (node row, dead nodes, rescue); schedule
			// refresh; gauge refresh; waiting-jobs check
			new Idle(new Unit(1, 0), new Unit(3, 0), new Unit(1, 0), new Unit(1, 0), new Unit(2, 0), new Unit(1, 0)));

	/**
	 * MariaDB: a claim is a locking SELECT and an UPDATE in one transaction, and an
	 * outcome write the updates and the batched history rows in one transaction.
	 */
	static final StatementBudgets MARIADB = new StatementBudgets(
			// enqueue: one INSERT
			new Call(1, 0, 0),
			// enqueueAll of 1,000: four INSERTs of 250 rows in one transaction
			new Call(4, 0, 1),
			// drain: 0.229 to 0.349 statements, 0.115 to 0.175 commits per job measured
			// before the adaptive prefetch (3b0f50a), 0.039 to 0.067 and 0.020 to 0.033
			// with it
			new JobPath(0.15, 0.08, 1, new Unit(2, 1), new Unit(2, 1)),
			// fail once, then succeed: 0.466 to 0.688 statements, 0.233 to 0.344 commits
			// per job measured
			// (0.069 to 0.089 and 0.035 to 0.045 with the adaptive prefetch)
			new JobPath(0.25, 0.12, 3, new Unit(2, 1), null),
			// idle, per tick: as on PostgreSQL, but a poll's SELECT that finds nothing
			// commits too
			new Idle(new Unit(1, 1), new Unit(3, 0), new Unit(1, 0), new Unit(1, 0), new Unit(2, 0), new Unit(1, 0)));

	/**
	 * H2: the statements of MariaDB; its figures per job wander most (see above).
	 */
	static final StatementBudgets H2 = new StatementBudgets(
			// enqueue: one INSERT
			new Call(1, 0, 0),
			// enqueueAll of 1,000: four INSERTs of 250 rows in one transaction
			new Call(4, 0, 1),
			// drain: 0.247 to 0.806 statements, 0.124 to 0.403 commits per job measured
			// before the adaptive prefetch (3b0f50a), 0.045 to 0.061 and 0.023 to 0.031
			// with it
			new JobPath(0.20, 0.10, 1, new Unit(2, 1), new Unit(2, 1)),
			// fail once, then succeed: 0.570 to 1.452 statements, 0.285 to 0.726 commits
			// per job measured
			// (0.062 to 0.218 and 0.031 to 0.109 with the adaptive prefetch)
			new JobPath(0.50, 0.25, 3, new Unit(2, 1), null),
			// idle, per tick
			new Idle(new Unit(1, 1), new Unit(3, 0), new Unit(1, 0), new Unit(1, 0), new Unit(2, 0), new Unit(1, 0)));

	static StatementBudgets of(TestDatabase database) {
		return switch (database) {
			case POSTGRESQL -> POSTGRESQL;
			case MARIADB -> MARIADB;
			case H2 -> H2;
		};
	}

	/**
	 * What one call may send, exactly as today.
	 *
	 * @param statements statements
	 * @param batched rows added to JDBC batches
	 * @param commits commits
	 */
	record Call(int statements, int batched, int commits) {

	}

	/**
	 * What running jobs may send: per job, and per unit of work.
	 *
	 * @param statementsPerJob ceiling of the statements per job
	 * @param commitsPerJob ceiling of the commits per job
	 * @param batchedPerJob rows added to JDBC batches per job, exactly as today
	 * @param claim the most one claim may send
	 * @param successWrite what the smallest write of a batch of successes may send (a
	 * write of more than 500 sends one statement more per 500, in one transaction), or
	 * {@code null} where writes mix outcomes as timing has it
	 */
	record JobPath(double statementsPerJob, double commitsPerJob, int batchedPerJob, Unit claim, Unit successWrite) {

	}

	/**
	 * What an idle node may send per tick of each periodic loop; every other thread of an
	 * idle node sends nothing (an idle node holds no job, so its lease renewal sends
	 * nothing either).
	 *
	 * @param poll per dispatcher poll ({@code spring.taskflow.worker.poll-interval})
	 * @param heartbeat per node heartbeat, dead-node and rescue round
	 * ({@code spring.taskflow.worker.heartbeat-interval})
	 * @param scheduleRefresh per read of the schedule table
	 * ({@code spring.taskflow.schedule.refresh-interval})
	 * @param gaugeRefresh per read of the queue gauges, with a {@code MeterRegistry}
	 * ({@code spring.taskflow.metrics.queue-refresh-interval})
	 * @param waitingJobsCheck per look for jobs no live node can run (once a minute)
	 * @param queueLimits per read of the queues' run-time limits (once per heartbeat
	 * interval while the node is idle)
	 */
	record Idle(Unit poll, Unit heartbeat, Unit scheduleRefresh, Unit gaugeRefresh, Unit waitingJobsCheck,
			Unit queueLimits) {

		/**
		 * What this budget allows an idle node in one minute at the default intervals.
		 * @param withMeterRegistry whether the node has a {@code MeterRegistry}
		 * @return the statements and commits of an idle minute
		 */
		Unit minute(boolean withMeterRegistry) {
			TaskFlowProperties defaults = new TaskFlowProperties();
			Unit minute = this.poll.times(perMinute(defaults.getWorker().getPollInterval()))
				.plus(this.heartbeat.times(perMinute(defaults.getWorker().getHeartbeatInterval())))
				.plus(this.scheduleRefresh.times(perMinute(defaults.getSchedule().getRefreshInterval())))
				.plus(this.waitingJobsCheck.times(perMinute(WaitingJobsCheck.INTERVAL)))
				.plus(this.queueLimits.times(perMinute(defaults.getWorker().getHeartbeatInterval())));
			return withMeterRegistry
					? minute.plus(this.gaugeRefresh.times(perMinute(defaults.getMetrics().getQueueRefreshInterval())))
					: minute;
		}

		private static int perMinute(Duration interval) {
			return (int) (Duration.ofMinutes(1).toMillis() / interval.toMillis());
		}

	}

	/**
	 * The most one unit of work may send.
	 *
	 * @param statements statements
	 * @param commits commits
	 */
	record Unit(int statements, int commits) {

		Unit times(int count) {
			return new Unit(this.statements * count, this.commits * count);
		}

		Unit plus(Unit other) {
			return new Unit(this.statements + other.statements, this.commits + other.commits);
		}

	}

}
