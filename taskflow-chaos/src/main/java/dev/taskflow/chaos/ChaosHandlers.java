package dev.taskflow.chaos;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.taskflow.JobRequest;
import dev.taskflow.NonRetryableException;
import dev.taskflow.TaskContext;
import dev.taskflow.TaskHandler;

/**
 * The handlers of the chaos node. Each records its execution (start, then end and
 * outcome) in {@code chaos_execution}: an execution killed with its node has a start and
 * no end. With {@code chaos.throwing-listener=true} the node also has a
 * {@link ThrowingListener}.
 *
 * @author TaskFlow
 */
@Configuration(proxyBeanMethods = false)
public class ChaosHandlers {

	static final String SHORT = "chaos.short";

	static final String LONG = "chaos.long";

	static final String FAIL = "chaos.fail";

	static final String FLAKY = "chaos.flaky";

	static final String DELAYED = "chaos.delayed";

	/**
	 * Returns a result the database stores.
	 */
	static final String RESULT = "chaos.result";

	/**
	 * Returns a result the database refuses to store: see {@link UnstorableResult}.
	 */
	static final String UNSTORABLE = "chaos.unstorable";

	/**
	 * A long job of named steps around a cursor it iterates: see {@link CheckpointedJob}.
	 */
	static final String CHECKPOINTED = "chaos.checkpointed";

	/**
	 * A step of a workflow ({@link WorkflowShape}) that returns a small result.
	 */
	static final String STEP = "chaos.wf.step";

	/**
	 * A step that spawns jobs ({@link #SPAWNED}) and returns how many.
	 */
	static final String SPAWN = "chaos.wf.spawn";

	/**
	 * A job spawned by {@link #SPAWN}.
	 */
	static final String SPAWNED = "chaos.wf.spawned";

	/**
	 * A step after a {@link #SPAWN} step that reads its results and fails (for good) when
	 * they are not what the spawning step said.
	 */
	static final String JOIN = "chaos.wf.join";

	/**
	 * A step that always fails, like {@link #FAIL}.
	 */
	static final String STEP_FAIL = "chaos.wf.fail";

	/**
	 * A step after a step that fails for good: it must be cancelled, never run.
	 */
	static final String NEVER = "chaos.wf.never";

	/**
	 * The compensation of a step.
	 */
	static final String COMPENSATE = "chaos.wf.compensate";

	/**
	 * The error of a {@link #JOIN} step that did not read what it should.
	 */
	static final String JOIN_MISMATCH = "chaos: the join read results other than the spawning step's";

	/**
	 * Error of every attempt of {@link #FAIL}.
	 */
	static final String FAILURE = "chaos: this job always fails";

	static final int MAX_ATTEMPTS = 10;

	static final int FAIL_MAX_ATTEMPTS = 3;

	@Bean
	ExecutionLog chaosExecutionLog(JdbcTemplate jdbc, Environment environment) {
		return new ExecutionLog(jdbc, environment.getRequiredProperty("spring.taskflow.worker.node-id"));
	}

	@Bean
	UnstorableResult chaosUnstorableResult(JdbcTemplate jdbc) {
		return new UnstorableResult(jdbc);
	}

	@Bean
	Handlers chaosHandlerMethods(ExecutionLog log, UnstorableResult unstorable) {
		return new Handlers(log, unstorable);
	}

	@Bean
	@ConditionalOnBooleanProperty("chaos.throwing-listener")
	ThrowingListener chaosThrowingListener() {
		return new ThrowingListener();
	}

	/**
	 * The work of a job: how long it takes.
	 *
	 * @param millis how long the job works
	 */
	public record Work(long millis) {
	}

	/**
	 * The work of a {@link #CHECKPOINTED} job.
	 *
	 * @param stepMillis how long each of its steps ({@link CheckpointedJob#STEPS}) works
	 * @param items the items its cursor goes through
	 * @param itemMillis how long each item takes
	 */
	public record CheckpointWork(List<Long> stepMillis, int items, long itemMillis) {
	}

	/**
	 * The work of a workflow job.
	 *
	 * @param millis how long it works
	 * @param spawn how many jobs it spawns ({@link #SPAWN} only)
	 * @param flaky whether its first attempt fails
	 */
	public record StepWork(long millis, int spawn, boolean flaky) {
	}

	/**
	 * The work of a {@link #JOIN} step.
	 *
	 * @param millis how long it works
	 * @param spawner the step whose results it reads
	 */
	public record JoinWork(long millis, String spawner) {
	}

	static class Handlers {

		private final ExecutionLog log;

		private final UnstorableResult unstorable;

		private final CheckpointedJob checkpointed;

		Handlers(ExecutionLog log, UnstorableResult unstorable) {
			this.log = log;
			this.unstorable = unstorable;
			this.checkpointed = new CheckpointedJob(log);
		}

		@TaskHandler(value = CHECKPOINTED, maxAttempts = MAX_ATTEMPTS)
		String checkpointed(CheckpointWork work, TaskContext context) throws InterruptedException {
			return this.log.call(context, () -> this.checkpointed.run(work, context));
		}

		@TaskHandler(value = SHORT, maxAttempts = MAX_ATTEMPTS)
		void shortJob(Work work, TaskContext context) throws InterruptedException {
			this.log.run(context, () -> Thread.sleep(work.millis()));
		}

		@TaskHandler(value = LONG, maxAttempts = MAX_ATTEMPTS)
		void longJob(Work work, TaskContext context) throws InterruptedException {
			this.log.run(context, () -> Thread.sleep(work.millis()));
		}

		@TaskHandler(value = DELAYED, maxAttempts = MAX_ATTEMPTS)
		void delayedJob(Work work, TaskContext context) throws InterruptedException {
			this.log.run(context, () -> Thread.sleep(work.millis()));
		}

		@TaskHandler(value = FAIL, maxAttempts = FAIL_MAX_ATTEMPTS)
		void failingJob(TaskContext context) throws InterruptedException {
			this.log.run(context, () -> {
				throw new IllegalStateException(FAILURE);
			});
		}

		@TaskHandler(value = FLAKY, maxAttempts = MAX_ATTEMPTS)
		void flakyJob(Work work, TaskContext context) throws InterruptedException {
			this.log.run(context, () -> {
				Thread.sleep(work.millis());
				if (context.attempt() == 1) {
					throw new IllegalStateException("chaos: a flaky job fails its first attempt");
				}
			});
		}

		@TaskHandler(value = RESULT, maxAttempts = MAX_ATTEMPTS)
		String result(Work work, TaskContext context) throws InterruptedException {
			return this.log.call(context, () -> {
				Thread.sleep(work.millis());
				return "chaos: a result of job " + context.jobId();
			});
		}

		@TaskHandler(value = UNSTORABLE, maxAttempts = MAX_ATTEMPTS)
		String unstorable(Work work, TaskContext context) throws InterruptedException {
			return this.log.call(context, () -> {
				Thread.sleep(work.millis());
				return this.unstorable.value();
			});
		}

		@TaskHandler(value = STEP, maxAttempts = MAX_ATTEMPTS)
		String step(StepWork work, TaskContext context) throws InterruptedException {
			return this.log.call(context, () -> {
				work(work, context);
				return "chaos: step " + context.stepName().orElse(null) + " of " + context.workflowId().orElse(null);
			});
		}

		@TaskHandler(value = SPAWN, maxAttempts = MAX_ATTEMPTS)
		Integer spawn(StepWork work, TaskContext context) throws InterruptedException {
			return this.log.call(context, () -> {
				work(work, context);
				List<JobRequest> requests = new ArrayList<>();
				for (int i = 0; i < work.spawn(); i++) {
					requests.add(JobRequest.of(SPAWNED, new StepWork(5 + 10L * i, 0, false)).maxAttempts(MAX_ATTEMPTS));
				}
				// stored with this attempt's success: a retry spawns nothing twice
				context.spawn(requests);
				return work.spawn();
			});
		}

		@TaskHandler(value = SPAWNED, maxAttempts = MAX_ATTEMPTS)
		String spawned(StepWork work, TaskContext context) throws InterruptedException {
			return this.log.call(context, () -> {
				work(work, context);
				return "chaos: spawned job " + context.jobId();
			});
		}

		@TaskHandler(value = JOIN, maxAttempts = MAX_ATTEMPTS)
		String join(JoinWork work, TaskContext context) throws InterruptedException {
			return this.log.call(context, () -> {
				Thread.sleep(work.millis());
				Integer spawned = context.stepResult(work.spawner(), Integer.class).orElse(null);
				int results = context.stepResults(work.spawner(), String.class).size();
				if (spawned == null || results != spawned) {
					throw new NonRetryableException(JOIN_MISMATCH + ": step '" + work.spawner() + "' returned "
							+ spawned + ", its spawned jobs " + results + " result(s)");
				}
				return "chaos: joined " + results + " result(s)";
			});
		}

		@TaskHandler(value = STEP_FAIL, maxAttempts = FAIL_MAX_ATTEMPTS)
		void failingStep(TaskContext context) throws InterruptedException {
			this.log.run(context, () -> {
				throw new IllegalStateException(FAILURE);
			});
		}

		@TaskHandler(value = NEVER, maxAttempts = MAX_ATTEMPTS)
		void never(TaskContext context) throws InterruptedException {
			// recorded like any execution: the checks find it
			this.log.run(context, () -> {
			});
		}

		@TaskHandler(value = COMPENSATE, maxAttempts = MAX_ATTEMPTS)
		void compensate(StepWork work, TaskContext context) throws InterruptedException {
			this.log.run(context, () -> work(work, context));
		}

		private static void work(StepWork work, TaskContext context) throws InterruptedException {
			Thread.sleep(work.millis());
			if (work.flaky() && context.attempt() == 1) {
				throw new IllegalStateException("chaos: a flaky workflow job fails its first attempt");
			}
		}

		@TaskHandler(value = ChaosNode.TICK, maxAttempts = MAX_ATTEMPTS)
		void tick(TaskContext context) throws InterruptedException {
			this.log.run(context, () -> Thread.sleep(5));
		}

	}

}
