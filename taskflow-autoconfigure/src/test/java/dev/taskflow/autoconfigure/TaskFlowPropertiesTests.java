package dev.taskflow.autoconfigure;

import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.taskflow.TaskHandler;
import dev.taskflow.engine.FailureLogging;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the validation of {@link TaskFlowProperties}: each invalid value fails the
 * start with the text users see, Spring Boot's analysis of a bind validation failure,
 * naming the property, its value and the fix.
 *
 * @author TaskFlow
 */
class TaskFlowPropertiesTests {

	private static final String ANALYZER = "org.springframework.boot.diagnostics.analyzer.BindValidationFailureAnalyzer";

	private static final String NL = System.lineSeparator();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
				TaskFlowStoreAutoConfiguration.class, TaskFlowAutoConfiguration.class))
		.withPropertyValues("spring.datasource.url=jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");

	@Test
	void zeroThreadsFailTheStartWithThePropertyItsValueAndTheFix() {
		this.contextRunner.withPropertyValues("spring.taskflow.worker.threads=0").run((context) -> {
			FailureAnalysis analysis = analysis(context);
			assertThat(analysis.getDescription()).startsWith("Binding to target ")
				.endsWith(" failed:" + NL + NL + "    Property: spring.taskflow.worker.threads" + NL
						+ "    Value: \"0\"" + NL
						+ "    Origin: \"spring.taskflow.worker.threads\" from property source \"test\"" + NL
						+ "    Reason: must be at least 1 (the jobs this node runs at once); for a node that only"
						+ " enqueues, set spring.taskflow.worker.enabled=false instead" + NL);
			assertThat(analysis.getAction()).isEqualTo("Update your application's configuration");
		});
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("invalidValues")
	void invalidValueFailsTheStartNamingThePropertyAndTheFix(String property, String value, String reason) {
		this.contextRunner.withPropertyValues("spring.taskflow." + property + "=" + value)
			.run((context) -> assertThat(analysis(context).getDescription())
				.contains("    Property: spring.taskflow." + property + NL)
				.contains("    Reason: " + reason + NL));
	}

	static Stream<Arguments> invalidValues() {
		return Stream.of(
				Arguments.of("worker.threads", "-1",
						"must be at least 1 (the jobs this node runs at once);"
								+ " for a node that only enqueues, set spring.taskflow.worker.enabled=false instead"),
				Arguments.of("worker.prefetch", "-1",
						"must not be negative; 0 claims no more jobs than there are free threads"),
				Arguments.of("worker.max-prefetch", "-1",
						"must not be negative; set it to spring.taskflow.worker.prefetch (or less) to keep the"
								+ " prefetch fixed"),
				Arguments.of("worker.poll-interval", "0s", "must be at least 1ms, such as 1s (the default)"),
				Arguments.of("worker.lease", "-5s", "must be at least 1ms, such as 30s (the default)"),
				Arguments.of("worker.heartbeat-interval", "0ms",
						"must be at least 1ms and shorter than spring.taskflow.worker.lease (30s), such as a third"
								+ " of it: each heartbeat renews the leases"),
				Arguments.of("worker.heartbeat-interval", "30s",
						"must be at least 1ms and shorter than spring.taskflow.worker.lease (30s), such as a third"
								+ " of it: each heartbeat renews the leases"),
				Arguments.of("worker.node-id", "n".repeat(101),
						"must be at most 100 characters (the owner_node column), without control characters;"
								+ " leave it unset to have one generated"),
				Arguments.of("worker.reserved-for-priority-above", "1000000",
						"must be between -1000000 and 999999 (JobRequest.MIN_PRIORITY and one below MAX_PRIORITY),"
								+ " so that some priority is above it"),
				Arguments.of("enqueue.max-payload-size", "0B", "must be at least 1B, such as 1MB (the default)"),
				Arguments.of("retry.max-attempts", "0",
						"must be at least 1 (the first attempt counts): 1 means no retry"),
				Arguments.of("retry.backoff.initial", "0s", "must be at least 1ms, such as 1s (the default)"),
				Arguments.of("retry.backoff.multiplier", "0.5",
						"must be at least 1.0 (1.0 keeps the delay, 2.0 doubles it)"),
				Arguments.of("retry.backoff.max", "100ms",
						"must not be shorter than spring.taskflow.retry.backoff.initial (1s)"),
				Arguments.of("retry.backoff.jitter", "1.0",
						"must be at least 0 and below 1 (0.2 spreads each delay by up to 20% either way)"),
				Arguments.of("shutdown.await", "-1s", "must not be negative; 0 releases running jobs at once"),
				Arguments.of("queues.imports.threads.min", "0",
						"must be at least 1: a queue's pool keeps at least one thread"),
				Arguments.of("queues.imports.scale-up-threshold", "0",
						"must be above scale-down-threshold (0), such as 1 (the default): the pool grows while that"
								+ " many due jobs wait"),
				Arguments.of("queues.imports.scale-down-cooldown", "-1s",
						"must not be negative; 0 shrinks at every check (1s)"),
				Arguments.of("progress.interval", "0s",
						"must be at least 1ms, such as 1s (the default): each write is one statement for all of a"
								+ " node's running jobs"),
				Arguments.of("workflow.cancel-grace", "-1s",
						"must not be negative; 0 interrupts a running job as soon as it is asked to stop"),
				Arguments.of("metrics.queue-refresh-interval", "0",
						"must be at least 1ms, such as 10s (the default): each refresh is one grouped query"),
				Arguments.of("query.timeout", "0s",
						"must be at least 1ms, such as 2s (the default): the database counts it in whole seconds,"
								+ " rounded up"),
				Arguments.of("statistics.retention", "30s",
						"must be at least 1m, such as 8d (the default): a chart of the last 7 days needs 7 days of rows"
								+ " and the minutes being written; to write no statistics, set"
								+ " spring.taskflow.statistics.enabled=false"),
				Arguments.of("logs.max-lines-per-job", "0",
						"must be at least 1; turn capture off with spring.taskflow.logs.capture=false instead"),
				Arguments.of("schedule.max-catch-up", "0",
						"must be at least 1; a schedule that should not catch up at all uses misfire skip"),
				Arguments.of("schedule.misfire-threshold", "-1s",
						"must not be negative; 0 counts every late fire time as missed"),
				Arguments.of("schedule.refresh-interval", "0s", "must be at least 1ms, such as 10s (the default)"),
				Arguments.of("schedule.poll-interval", "0s", "must be at least 1ms, such as 1s (the default)"),
				Arguments.of("schedules.invoices.priority", "-2147483648",
						"must be between -1000000 and 1000000 (JobRequest.MIN_PRIORITY and MAX_PRIORITY); higher"
								+ " runs first"),
				Arguments.of("handlers.greet.timeout", "0s", "must be at least 1ms, such as 30s"),
				Arguments.of("handlers.greet.retry.max-attempts", "0",
						"must be at least 1 (the first attempt counts): 1 means no retry"),
				Arguments.of("handlers.greet.retry.backoff.jitter", "-0.1",
						"must be at least 0 and below 1 (0.2 spreads each delay by up to 20% either way)"));
	}

	@Test
	void scheduleQueueTooLongFailsTheStartNamingTheProperty() {
		this.contextRunner
			.withPropertyValues("spring.taskflow.schedules.invoices.cron=@hourly",
					"spring.taskflow.schedules.invoices.queue=" + "q".repeat(101))
			.run((context) -> assertThat(analysis(context).getDescription())
				.contains("    Property: spring.taskflow.schedules.invoices.queue" + NL)
				.contains("    Reason: must be at most 100 characters (the queue column), without control characters"
						+ NL));
	}

	@Test
	void dottedScheduleNameIsValidatedUnderItsFullName() {
		this.contextRunner
			.withPropertyValues("spring.taskflow.schedules.report.nightly.cron=@daily",
					"spring.taskflow.schedules.report.nightly.priority=5000000")
			.run((context) -> assertThat(analysis(context).getDescription())
				.contains("    Property: spring.taskflow.schedules.report.nightly.priority" + NL)
				.contains("    Reason: must be between -1000000 and 1000000"));
	}

	@Test
	void dottedHandlerNameIsValidatedUnderItsFullName() {
		this.contextRunner.withUserConfiguration(DottedNameHandler.class)
			.withPropertyValues("spring.taskflow.handlers.email.send.retry.max-attempts=0")
			.run((context) -> assertThat(analysis(context).getDescription())
				.contains("    Property: spring.taskflow.handlers.email.send.retry.max-attempts" + NL)
				.contains("    Reason: must be at least 1 (the first attempt counts): 1 means no retry" + NL));
	}

	@Test
	void everyInvalidValueOfAGroupIsReportedAtOnce() {
		this.contextRunner.withPropertyValues("spring.taskflow.worker.threads=0", "spring.taskflow.worker.prefetch=-1")
			.run((context) -> assertThat(analysis(context).getDescription())
				.contains("Property: spring.taskflow.worker.threads")
				.contains("Property: spring.taskflow.worker.prefetch"));
	}

	@Test
	void durationIsShownAsBoundAndWrittenInTheReasonAsInProperties() {
		this.contextRunner.withPropertyValues("spring.taskflow.worker.heartbeat-interval=45s").run((context) -> {
			String description = analysis(context).getDescription();
			assertThat(description).endsWith(" failed:" + NL + NL
					+ "    Property: spring.taskflow.worker.heartbeat-interval" + NL + "    Value: \"PT45S\"" + NL
					+ "    Reason: must be at least 1ms and shorter than spring.taskflow.worker.lease (30s), such as a"
					+ " third of it: each heartbeat renews the leases" + NL);
		});
	}

	@Test
	void leaseSetShorterThanTheDefaultHeartbeatIsTheValueToChange() {
		this.contextRunner.withPropertyValues("spring.taskflow.worker.lease=5s")
			.run((context) -> assertThat(analysis(context).getDescription())
				.contains("    Property: spring.taskflow.worker.lease" + NL + "    Value: \"PT5S\"" + NL)
				.contains("    Reason: must be longer than spring.taskflow.worker.heartbeat-interval (10s), such as"
						+ " three times as long: each heartbeat renews the leases" + NL));
	}

	@Test
	void initialBackoffSetLongerThanTheDefaultMaximumIsTheValueToChange() {
		this.contextRunner.withPropertyValues("spring.taskflow.retry.backoff.initial=1h")
			.run((context) -> assertThat(analysis(context).getDescription())
				.contains("    Property: spring.taskflow.retry.backoff.initial" + NL)
				.contains("    Reason: must not be longer than spring.taskflow.retry.backoff.max (10m)" + NL));
	}

	@Test
	void unknownFailureLoggingFailsTheStartNamingThePropertyAndTheValidValues() {
		this.contextRunner.withPropertyValues("spring.taskflow.logs.failures=loud").run((context) -> {
			assertThat(context).hasFailed();
			FailureAnalysis analysis = RegisteredFailureAnalyzers
				.named("org.springframework.boot.diagnostics.analyzer.BindFailureAnalyzer")
				.analyze(context.getStartupFailure());
			assertThat(analysis.getDescription()).contains("    Property: spring.taskflow.logs.failures" + NL)
				.contains("    Value: \"loud\"" + NL);
			assertThat(analysis.getAction()).contains("The following values are valid:")
				.contains("ALL")
				.contains("FAILED")
				.contains("OFF");
		});
	}

	@Test
	void failureLoggingIsBoundInAnyCase() {
		this.contextRunner.withPropertyValues("spring.taskflow.logs.failures=all")
			.run((context) -> assertThat(context.getBean(TaskFlowProperties.class).getLogs().getFailures())
				.isEqualTo(FailureLogging.ALL));
		this.contextRunner.withPropertyValues("spring.taskflow.logs.failures=OFF")
			.run((context) -> assertThat(context.getBean(TaskFlowProperties.class).getLogs().getFailures())
				.isEqualTo(FailureLogging.OFF));
	}

	@Test
	void failedJobsAreLoggedByDefault() {
		this.contextRunner
			.run((context) -> assertThat(context.getBean(TaskFlowProperties.class).getLogs().getFailures())
				.isEqualTo(FailureLogging.FAILED));
	}

	@Test
	void defaultsAreValid() {
		this.contextRunner.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void limitsAreAccepted() {
		this.contextRunner
			.withPropertyValues("spring.taskflow.worker.threads=2", "spring.taskflow.worker.prefetch=0",
					"spring.taskflow.worker.poll-interval=1ms", "spring.taskflow.worker.lease=2ms",
					"spring.taskflow.worker.heartbeat-interval=1ms",
					"spring.taskflow.worker.reserved-for-priority-above=999999",
					"spring.taskflow.enqueue.max-payload-size=1B", "spring.taskflow.retry.max-attempts=1",
					"spring.taskflow.retry.backoff.multiplier=1.0", "spring.taskflow.retry.backoff.jitter=0",
					"spring.taskflow.retry.backoff.max=1s", "spring.taskflow.shutdown.await=0s",
					"spring.taskflow.workflow.cancel-grace=0s", "spring.taskflow.progress.interval=1ms",
					"spring.taskflow.metrics.queue-refresh-interval=1ms", "spring.taskflow.logs.max-lines-per-job=1",
					"spring.taskflow.schedule.max-catch-up=1", "spring.taskflow.schedule.misfire-threshold=0s",
					"spring.taskflow.statistics.retention=1m", "spring.taskflow.worker.node-id=" + "n".repeat(100))
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void queueThreadsAreANumberOrBoundsToScaleWithin() {
		this.contextRunner
			.withPropertyValues("spring.taskflow.queues.fixed.threads=4",
					"spring.taskflow.queues.imports.threads.min=1", "spring.taskflow.queues.imports.threads.max=8")
			.run((context) -> {
				Map<String, TaskFlowProperties.Queue> queues = context.getBean(TaskFlowProperties.class).getQueues();
				assertThat(queues.get("fixed").getThreads().getMin()).isEqualTo(4);
				assertThat(queues.get("fixed").getThreads().scales()).isFalse();
				assertThat(queues.get("imports").getThreads().initial()).isEqualTo(1);
				assertThat(queues.get("imports").getThreads().scales()).isTrue();
			});
		// YAML gives a number, not text
		this.contextRunner
			.withInitializer((context) -> context.getEnvironment()
				.getPropertySources()
				.addFirst(new org.springframework.core.env.MapPropertySource("yaml",
						Map.of("spring.taskflow.queues.yaml.threads", 3))))
			.run((context) -> assertThat(
					context.getBean(TaskFlowProperties.class).getQueues().get("yaml").getThreads().getMax())
				.isEqualTo(3));
		this.contextRunner.withPropertyValues("spring.taskflow.queues.fixed.threads=many")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining(
						"'many' is not a number of threads: write threads=4, or threads.min=1 and threads.max=20"));
	}

	private static FailureAnalysis analysis(AssertableApplicationContext context) {
		assertThat(context).hasFailed();
		FailureAnalysis analysis = RegisteredFailureAnalyzers.named(ANALYZER).analyze(context.getStartupFailure());
		assertThat(analysis).as("analysis of %s", context.getStartupFailure()).isNotNull();
		return analysis;
	}

	static class DottedNameHandler {

		@TaskHandler("email.send")
		void send(String to) {
		}

	}

}
