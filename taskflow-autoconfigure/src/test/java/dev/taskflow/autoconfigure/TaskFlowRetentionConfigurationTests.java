package dev.taskflow.autoconfigure;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import javax.sql.DataSource;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.taskflow.InvalidScheduleException;
import dev.taskflow.MisfirePolicy;
import dev.taskflow.OverlapPolicy;
import dev.taskflow.ScheduleView;
import dev.taskflow.TaskFlow;
import dev.taskflow.TaskFlowClock;
import dev.taskflow.UnknownHandlerException;
import dev.taskflow.metrics.RetentionMetrics;
import dev.taskflow.retention.RetentionHandler;
import dev.taskflow.retention.RetentionListener;
import dev.taskflow.retention.RetentionPeriods;
import dev.taskflow.retention.RetentionPolicy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for the retention side of {@link TaskFlowAutoConfiguration}: the
 * {@code spring.taskflow.retention.*} settings and their validation, and the built-in
 * schedule {@code taskflow.retention} that worker nodes declare (or remove, with
 * retention off).
 *
 * @author TaskFlow
 */
class TaskFlowRetentionConfigurationTests {

	private static final String NL = System.lineSeparator();

	// a fixed TaskFlow clock: the retention schedule's next fire time is known, and it
	// never comes while a test runs
	private static final Instant NOW = Instant.parse("2026-01-15T10:07:00Z");

	private final ApplicationContextRunner databaseClockRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
				TaskFlowStoreAutoConfiguration.class, TaskFlowAutoConfiguration.class))
		.withPropertyValues("spring.datasource.url=jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");

	private final ApplicationContextRunner contextRunner = this.databaseClockRunner.withBean(TaskFlowClock.class,
			() -> TaskFlowClock.of(Clock.fixed(NOW, ZoneOffset.UTC)));

	@Test
	void defaultsMatchTheDocumentedDefaults() {
		TaskFlowProperties.Retention retention = new TaskFlowProperties().getRetention();
		assertThat(retention.isEnabled()).isTrue();
		assertThat(retention.getSucceeded()).isEqualTo(Duration.ofDays(1));
		assertThat(retention.getFailed()).isEqualTo(Duration.ofDays(14));
		assertThat(retention.getCancelled()).isEqualTo(Duration.ofDays(14));
		assertThat(retention.getInterval()).isEqualTo(Duration.ofMinutes(10));
		assertThat(retention.getBatchSize()).isEqualTo(1000);
		assertThat(retention.isArchive()).isFalse();
		assertThat(retention.getQueues()).isEmpty();
		assertThat(retention.getHandlers()).isEmpty();
		this.contextRunner.run((context) -> assertThat(policy(context)).isEqualTo(
				new RetentionPolicy(new RetentionPeriods(Duration.ofDays(1), Duration.ofDays(14), Duration.ofDays(14)),
						Map.of(), Map.of(), 1000, false)));
	}

	@Test
	void workerNodeDeclaresTheRetentionScheduleRunEveryTenMinutesOnce() {
		this.contextRunner.run((context) -> {
			ScheduleView retention = retentionSchedule(context);
			assertThat(retention.isInterval()).isTrue();
			assertThat(retention.expression()).isEqualTo("PT10M");
			assertThat(retention.handler()).isEqualTo(RetentionHandler.NAME);
			assertThat(retention.misfire()).isEqualTo(MisfirePolicy.FIRE_ONCE);
			assertThat(retention.overlap()).isEqualTo(OverlapPolicy.SKIP_IF_RUNNING);
			assertThat(retention.declared()).isTrue();
			assertThat(retention.paused()).isFalse();
			assertThat(retention.nextFireTime()).isEqualTo("2026-01-15T10:10:00Z");
		});
	}

	@Test
	void intervalIsTheRetentionSchedulesInterval() {
		this.contextRunner.withPropertyValues("spring.taskflow.retention.interval=1h").run((context) -> {
			ScheduleView retention = retentionSchedule(context);
			assertThat(retention.expression()).isEqualTo("PT1H");
			assertThat(retention.nextFireTime()).isEqualTo("2026-01-15T11:00:00Z");
		});
	}

	@Test
	void enqueueOnlyNodeDeclaresNoRetentionScheduleButHasTheHandler() {
		this.contextRunner.withPropertyValues("spring.taskflow.worker.enabled=false").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(taskFlow(context).schedules().find(RetentionHandler.NAME)).isEmpty();
			assertThat(context).hasSingleBean(RetentionHandler.class);
		});
	}

	@Test
	void retentionTurnedOffRemovesTheStoredScheduleAndPurgesNothing() {
		String database = "spring.datasource.url=jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
		this.contextRunner.withPropertyValues(database)
			.run((context) -> assertThat(taskFlow(context).schedules().find(RetentionHandler.NAME)).isPresent());
		this.contextRunner.withPropertyValues(database, "spring.taskflow.retention.enabled=false").run((context) -> {
			assertThat(taskFlow(context).schedules().find(RetentionHandler.NAME)).isEmpty();
			assertThat(policy(context).purgesAnything()).isFalse();
			assertThat(policy(context).rules(NOW)).isEmpty();
		});
	}

	@Test
	void everyPeriodKeptForEverIsRetentionOffToo() {
		String database = "spring.datasource.url=jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
		this.contextRunner.withPropertyValues(database)
			.run((context) -> assertThat(taskFlow(context).schedules().find(RetentionHandler.NAME)).isPresent());
		this.contextRunner
			.withPropertyValues(database, "spring.taskflow.retention.succeeded=keep",
					"spring.taskflow.retention.failed=KEEP", "spring.taskflow.retention.cancelled=0")
			.run((context) -> {
				assertThat(taskFlow(context).schedules().find(RetentionHandler.NAME)).isEmpty();
				assertThat(policy(context).defaults())
					.isEqualTo(new RetentionPeriods(Duration.ZERO, Duration.ZERO, Duration.ZERO));
			});
		// one queue that purges is enough for the schedule
		this.contextRunner
			.withPropertyValues(database, "spring.taskflow.retention.succeeded=keep",
					"spring.taskflow.retention.failed=keep", "spring.taskflow.retention.cancelled=keep",
					"spring.taskflow.retention.queues.tmp.succeeded=1h")
			.run((context) -> assertThat(taskFlow(context).schedules().find(RetentionHandler.NAME)).isPresent());
	}

	@Test
	void overridesPerQueueAndHandlerBindWithDottedNamesAsWrittenAndInBrackets() {
		this.contextRunner
			.withPropertyValues("spring.taskflow.retention.succeeded=2h", "spring.taskflow.retention.batch-size=50",
					"spring.taskflow.retention.archive=true", "spring.taskflow.retention.queues.mail.succeeded=30m",
					"spring.taskflow.retention.queues.mail.failed=keep",
					"spring.taskflow.retention.queues.reports.eu.cancelled=3d",
					"spring.taskflow.retention.handlers.email.send.failed=PT12H",
					"spring.taskflow.retention.handlers.email.send.succeeded=1m",
					"spring.taskflow.retention.handlers[email.send].succeeded=5m",
					"spring.taskflow.retention.handlers[report.render].succeeded=0")
			.run((context) -> {
				RetentionPolicy policy = policy(context);
				assertThat(policy.defaults())
					.isEqualTo(new RetentionPeriods(Duration.ofHours(2), Duration.ofDays(14), Duration.ofDays(14)));
				assertThat(policy.batchSize()).isEqualTo(50);
				assertThat(policy.archive()).isTrue();
				assertThat(policy.queues()).containsOnly(
						Map.entry("mail", new RetentionPeriods(Duration.ofMinutes(30), Duration.ZERO, null)),
						Map.entry("reports.eu", new RetentionPeriods(null, null, Duration.ofDays(3))));
				assertThat(policy.handlers()).containsOnly(
						Map.entry("email.send",
								new RetentionPeriods(Duration.ofMinutes(5), Duration.ofHours(12), null)),
						Map.entry("report.render", new RetentionPeriods(Duration.ZERO, null, null)));
			});
	}

	@Test
	void keepIsNoDurationForOtherProperties() {
		this.contextRunner.withPropertyValues("spring.taskflow.worker.lease=keep").run((context) -> {
			assertThat(context).hasFailed();
			FailureAnalysis analysis = RegisteredFailureAnalyzers
				.named("org.springframework.boot.diagnostics.analyzer.BindFailureAnalyzer")
				.analyze(context.getStartupFailure());
			assertThat(analysis.getDescription()).contains("    Property: spring.taskflow.worker.lease" + NL);
		});
	}

	@Test
	void wordThatIsNeitherADurationNorKeepFailsTheStartNamingBoth() {
		this.contextRunner.withPropertyValues("spring.taskflow.retention.failed=forever").run((context) -> {
			assertThat(context).hasFailed();
			FailureAnalysis analysis = RegisteredFailureAnalyzers
				.named("org.springframework.boot.diagnostics.analyzer.BindFailureAnalyzer")
				.analyze(context.getStartupFailure());
			assertThat(analysis.getDescription()).contains("    Property: spring.taskflow.retention.failed" + NL)
				.contains("    Value: \"forever\"" + NL)
				.contains("'forever' is neither a duration (such as 14d, 12h or PT30M) nor keep (keep for ever)");
		});
	}

	@ParameterizedTest(name = "{0}={1}")
	@MethodSource("invalidValues")
	void invalidValueFailsTheStartNamingThePropertyAndTheFix(String property, String value, String reason) {
		this.contextRunner.withPropertyValues("spring.taskflow.retention." + property + "=" + value)
			.run((context) -> assertThat(bindValidationFailure(context))
				.contains("    Property: spring.taskflow.retention." + property + NL)
				.contains("    Reason: " + reason + NL));
	}

	static Stream<Arguments> invalidValues() {
		String keep = ", or keep (or 0) to keep the jobs for ever";
		String batch = "must be between 1 and 10000, such as 1000 (the default): each batch is one short transaction"
				+ " that locks its rows";
		String interval = "must be at least 1ms, such as 10m (the default): the purge runs once per interval across"
				+ " the cluster";
		return Stream.of(
				Arguments.of("succeeded", "-1d", "must not be negative: a duration such as 1d (the default)" + keep),
				Arguments.of("failed", "-1s", "must not be negative: a duration such as 14d (the default)" + keep),
				Arguments.of("cancelled", "-5m", "must not be negative: a duration such as 14d (the default)" + keep),
				Arguments.of("interval", "0s", interval), Arguments.of("interval", "-10m", interval),
				Arguments.of("batch-size", "0", batch), Arguments.of("batch-size", "10001", batch),
				Arguments.of("queues.mail.succeeded", "-1h", "must not be negative: a duration such as 1d" + keep),
				Arguments.of("handlers.email.send.failed", "-1d",
						"must not be negative: a duration such as 14d" + keep),
				Arguments.of("handlers[report.render].cancelled", "-1d",
						"must not be negative: a duration such as 14d" + keep));
	}

	@Test
	void limitsAreAccepted() {
		this.contextRunner
			.withPropertyValues("spring.taskflow.retention.succeeded=0", "spring.taskflow.retention.failed=1ms",
					"spring.taskflow.retention.interval=1ms", "spring.taskflow.retention.batch-size=1")
			.run((context) -> assertThat(context).hasNotFailed());
		this.contextRunner.withPropertyValues("spring.taskflow.retention.batch-size=10000")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void scheduleOfPropertiesNamedLikeTheRetentionScheduleFailsTheStart() {
		this.contextRunner
			.withPropertyValues("spring.taskflow.schedules[taskflow.retention].every=1h",
					"spring.taskflow.schedules[taskflow.retention].handler=taskflow.retention")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.isInstanceOf(InvalidScheduleException.class)
					.hasMessage("Schedule 'taskflow.retention' is invalid: the name is that of TaskFlow's own retention"
							+ " schedule; set how often it runs with spring.taskflow.retention.interval, and turn it off"
							+ " with spring.taskflow.retention.enabled=false");
			});
	}

	@Test
	void retentionRunsWithoutAnyTaskHandlerOfTheApplicationAndKeepsOutOfItsKnownHandlers() {
		this.databaseClockRunner.withPropertyValues("spring.taskflow.retention.interval=1s").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThatExceptionOfType(UnknownHandlerException.class)
				.isThrownBy(() -> taskFlow(context).enqueue("email.send", "x"))
				.withMessageStartingWith("No @TaskHandler named 'email.send'; known handlers: [].");
			JdbcTemplate jdbc = new JdbcTemplate(context.getBean(DataSource.class));
			UUID old = insertSucceeded(jdbc, Duration.ofDays(2));
			UUID recent = insertSucceeded(jdbc, Duration.ofHours(1));
			Awaitility.await()
				.atMost(Duration.ofSeconds(30))
				.until(() -> jdbc.queryForObject("SELECT COUNT(*) FROM taskflow_job WHERE id = ?", Integer.class,
						old) == 0);
			assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM taskflow_job WHERE id = ?", Integer.class, recent))
				.isOne();
		});
	}

	@Test
	void metricsCountRemovedJobsWhenAMeterRegistryExists() {
		this.contextRunner.withBean(MeterRegistry.class, SimpleMeterRegistry::new).run((context) -> {
			assertThat(context.getBean(RetentionListener.class)).isInstanceOf(RetentionMetrics.class);
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			context.getBean(RetentionListener.class).removed(dev.taskflow.JobStatus.SUCCEEDED, 3, false);
			context.getBean(RetentionListener.class).removed(dev.taskflow.JobStatus.FAILED, 2, true);
			assertThat(meters.get(RetentionMetrics.PURGED).tag("status", "SUCCEEDED").counter().count()).isEqualTo(3);
			assertThat(meters.get(RetentionMetrics.ARCHIVED).tag("status", "FAILED").counter().count()).isEqualTo(2);
		});
	}

	private static UUID insertSucceeded(JdbcTemplate jdbc, Duration finishedAgo) {
		UUID id = UUID.randomUUID();
		OffsetDateTime finished = OffsetDateTime.now(ZoneOffset.UTC).minus(finishedAgo);
		jdbc.update("INSERT INTO taskflow_job (id, handler, queue, status, priority, run_at, attempt, max_attempts,"
				+ " created_at, started_at, finished_at) VALUES (?, 'gone.handler', 'default', 'SUCCEEDED', 0, ?, 1, 3,"
				+ " ?, ?, ?)", id, finished, finished, finished, finished);
		return id;
	}

	private static String bindValidationFailure(AssertableApplicationContext context) {
		assertThat(context).hasFailed();
		FailureAnalysis analysis = RegisteredFailureAnalyzers
			.named("org.springframework.boot.diagnostics.analyzer.BindValidationFailureAnalyzer")
			.analyze(context.getStartupFailure());
		assertThat(analysis).as("analysis of %s", context.getStartupFailure()).isNotNull();
		return analysis.getDescription();
	}

	private static ScheduleView retentionSchedule(AssertableApplicationContext context) {
		assertThat(context).hasNotFailed();
		return taskFlow(context).schedules().find(RetentionHandler.NAME).orElseThrow();
	}

	private static RetentionPolicy policy(AssertableApplicationContext context) {
		assertThat(context).hasNotFailed();
		return context.getBean(RetentionHandler.class).policy();
	}

	private static TaskFlow taskFlow(AssertableApplicationContext context) {
		return context.getBean(TaskFlow.class);
	}

}
