package dev.taskflow.chaos;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;

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

	static class Handlers {

		private final ExecutionLog log;

		private final UnstorableResult unstorable;

		Handlers(ExecutionLog log, UnstorableResult unstorable) {
			this.log = log;
			this.unstorable = unstorable;
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

		@TaskHandler(value = ChaosNode.TICK, maxAttempts = MAX_ATTEMPTS)
		void tick(TaskContext context) throws InterruptedException {
			this.log.run(context, () -> Thread.sleep(5));
		}

	}

}
