package dev.taskflow.chaos;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.taskflow.TaskContext;
import dev.taskflow.TaskHandler;

/**
 * The handlers of the chaos node. Each records its execution (start, then end and
 * outcome) in {@code chaos_execution}: an execution killed with its node has a start and
 * no end.
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
	Handlers chaosHandlerMethods(ExecutionLog log) {
		return new Handlers(log);
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

		Handlers(ExecutionLog log) {
			this.log = log;
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

		@TaskHandler(value = ChaosNode.TICK, maxAttempts = MAX_ATTEMPTS)
		void tick(TaskContext context) throws InterruptedException {
			this.log.run(context, () -> Thread.sleep(5));
		}

	}

}
