package dev.taskflow.autoconfigure;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.taskflow.InvalidScheduleException;
import dev.taskflow.MisfirePolicy;
import dev.taskflow.OverlapPolicy;
import dev.taskflow.Schedule;
import dev.taskflow.ScheduleView;
import dev.taskflow.TaskFlow;
import dev.taskflow.TaskFlowClock;
import dev.taskflow.TaskHandler;
import dev.taskflow.schedule.ScheduleNode;
import dev.taskflow.schedule.DefaultZone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for the schedule side of {@link TaskFlowAutoConfiguration}: the
 * {@code spring.taskflow.schedule.*} settings, the schedules declared with
 * {@code spring.taskflow.schedules.<name>.*} and {@code @TaskHandler(cron = ...)}, and
 * the start-up failures of invalid ones.
 *
 * @author TaskFlow
 */
@ExtendWith(OutputCaptureExtension.class)
class TaskFlowScheduleConfigurationTests {

	private static final String ANALYZER = "dev.taskflow.schedule.InvalidScheduleFailureAnalyzer";

	// a fixed TaskFlow clock: schedules follow it, so next fire times are known and
	// nothing comes due while a test runs
	private static final Instant NOW = Instant.parse("2026-01-15T10:07:00Z");

	// schedules on the database's clock, their default zone the JVM's; the schedules of
	// these tests are the only ones (TaskFlow's own retention schedule is tested in
	// TaskFlowRetentionConfigurationTests)
	private final ApplicationContextRunner databaseClockRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
				TaskFlowStoreAutoConfiguration.class, TaskFlowAutoConfiguration.class))
		.withPropertyValues("spring.datasource.url=jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
				"spring.taskflow.retention.enabled=false");

	private final ApplicationContextRunner contextRunner = this.databaseClockRunner.withBean(TaskFlowClock.class,
			() -> TaskFlowClock.of(Clock.fixed(NOW, ZoneOffset.UTC)));

	@Test
	void scheduleSettingsAreBound() {
		this.contextRunner
			.withPropertyValues("spring.taskflow.schedule.enabled=false", "spring.taskflow.schedule.max-catch-up=5",
					"spring.taskflow.schedule.misfire-threshold=1m", "spring.taskflow.schedule.refresh-interval=2s",
					"spring.taskflow.schedule.poll-interval=200ms")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				TaskFlowProperties.Scheduling scheduling = context.getBean(TaskFlowProperties.class).getSchedule();
				assertThat(scheduling.isEnabled()).isFalse();
				assertThat(scheduling.getMaxCatchUp()).isEqualTo(5);
				assertThat(scheduling.getMisfireThreshold()).isEqualTo(Duration.ofMinutes(1));
				assertThat(scheduling.getRefreshInterval()).isEqualTo(Duration.ofSeconds(2));
				assertThat(scheduling.getPollInterval()).isEqualTo(Duration.ofMillis(200));
			});
	}

	@Test
	void defaultScheduleSettingsMatchTheDocumentedDefaultsAndAreValid() {
		TaskFlowProperties.Scheduling scheduling = new TaskFlowProperties().getSchedule();
		assertThat(scheduling.isEnabled()).isTrue();
		assertThat(scheduling.getMaxCatchUp()).isEqualTo(100);
		assertThat(scheduling.getMisfireThreshold()).isEqualTo(Duration.ofSeconds(10));
		assertThat(scheduling.getRefreshInterval()).isEqualTo(Duration.ofSeconds(10));
		assertThat(scheduling.getPollInterval()).isEqualTo(Duration.ofSeconds(1));
		assertThat(new TaskFlowProperties().getSchedules()).isEmpty();
		ScheduleNode.Settings settings = new ScheduleNode.Settings(scheduling.isEnabled(), true, true,
				new DefaultZone(ZoneId.systemDefault(), false), scheduling.getMisfireThreshold(),
				scheduling.getMaxCatchUp(), scheduling.getPollInterval(), scheduling.getRefreshInterval());
		assertThat(settings.maxCatchUp()).isEqualTo(100);
		TaskFlowProperties.ScheduleProperties schedule = new TaskFlowProperties.ScheduleProperties();
		assertThat(schedule.isEnabled()).isTrue();
		assertThat(schedule.getCron()).isNull();
		assertThat(schedule.getEvery()).isNull();
		assertThat(schedule.getMisfire()).isNull();
		assertThat(schedule.getOverlap()).isNull();
	}

	@Test
	void cronScheduleDeclaredInPropertiesIsStoredWithAllItsFields() {
		this.contextRunner.withUserConfiguration(InvoiceHandlers.class)
			.withPropertyValues("spring.taskflow.schedules.invoices.cron=0 */15 * * * *",
					"spring.taskflow.schedules.invoices.zone=Europe/Paris",
					"spring.taskflow.schedules.invoices.handler=invoice.sweep",
					"spring.taskflow.schedules.invoices.payload={\"region\":\"eu\"}",
					"spring.taskflow.schedules.invoices.queue=billing", "spring.taskflow.schedules.invoices.priority=7",
					"spring.taskflow.schedules.invoices.misfire=fire-all",
					"spring.taskflow.schedules.invoices.overlap=skip-if-running")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				TaskFlowProperties.ScheduleProperties bound = context.getBean(TaskFlowProperties.class)
					.getSchedules()
					.get("invoices");
				assertThat(bound.getMisfire()).isEqualTo(MisfirePolicy.FIRE_ALL);
				assertThat(bound.getOverlap()).isEqualTo(OverlapPolicy.SKIP_IF_RUNNING);
				assertThat(bound.getPayload()).isEqualTo("{\"region\":\"eu\"}");
				List<ScheduleView> schedules = taskFlow(context).schedules().list();
				assertThat(schedules).extracting(ScheduleView::name).containsExactly("invoices");
				ScheduleView invoices = schedules.get(0);
				assertThat(invoices.expression()).isEqualTo("0 */15 * * * *");
				assertThat(invoices.isInterval()).isFalse();
				assertThat(invoices.zone()).isEqualTo(ZoneId.of("Europe/Paris"));
				assertThat(invoices.handler()).isEqualTo("invoice.sweep");
				assertThat(invoices.queue()).isEqualTo("billing");
				assertThat(invoices.priority()).isEqualTo(7);
				assertThat(invoices.misfire()).isEqualTo(MisfirePolicy.FIRE_ALL);
				assertThat(invoices.overlap()).isEqualTo(OverlapPolicy.SKIP_IF_RUNNING);
				assertThat(invoices.nextFireTime()).isEqualTo("2026-01-15T10:15:00Z");
				assertThat(invoices.lastFireTime()).isNull();
				assertThat(invoices.paused()).isFalse();
				assertThat(invoices.declared()).isTrue();
				assertThat(invoices.skippedCount()).isZero();
				assertThat(invoices.lastSkippedFireTime()).isNull();
				assertThat(invoices.lastSkipReason()).isNull();
				assertThat(storedPayload(context, "invoices")).contains("\"region\"").contains("\"eu\"");
			});
	}

	@Test
	void intervalScheduleDeclaredInPropertiesIsStoredWithItsDefaults() {
		this.contextRunner.withUserConfiguration(InvoiceHandlers.class)
			.withPropertyValues("spring.taskflow.schedules[sweep].every=90m",
					"spring.taskflow.schedules[sweep].handler=invoice.sweep")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				ScheduleView sweep = taskFlow(context).schedules().find("sweep").orElseThrow();
				assertThat(sweep.expression()).isEqualTo("PT1H30M");
				assertThat(sweep.isInterval()).isTrue();
				assertThat(sweep.zone()).isEqualTo(ZoneOffset.UTC);
				assertThat(sweep.handler()).isEqualTo("invoice.sweep");
				assertThat(sweep.queue()).isEqualTo("default");
				assertThat(sweep.priority()).isZero();
				assertThat(sweep.misfire()).isEqualTo(MisfirePolicy.FIRE_ONCE);
				assertThat(sweep.overlap()).isEqualTo(OverlapPolicy.ALLOW);
				// at the multiples of 90 minutes since the epoch, not 90 minutes from now
				assertThat(sweep.nextFireTime()).isEqualTo("2026-01-15T10:30:00Z");
				assertThat(storedPayload(context, "sweep")).isNull();
			});
	}

	@Test
	void taskHandlerCronScheduleIsStoredUnderTheHandlerName() {
		this.contextRunner.withUserConfiguration(NightlyReportHandler.class).run((context) -> {
			assertThat(context).hasNotFailed();
			List<ScheduleView> schedules = taskFlow(context).schedules().list();
			assertThat(schedules).extracting(ScheduleView::name).containsExactly("report.nightly");
			ScheduleView nightly = schedules.get(0);
			assertThat(nightly.expression()).isEqualTo("0 0 2 * * *");
			assertThat(nightly.isInterval()).isFalse();
			assertThat(nightly.zone()).isEqualTo(ZoneId.of("Europe/Paris"));
			assertThat(nightly.handler()).isEqualTo("report.nightly");
			assertThat(nightly.queue()).isEqualTo("default");
			assertThat(nightly.priority()).isZero();
			assertThat(nightly.misfire()).isEqualTo(MisfirePolicy.FIRE_ONCE);
			assertThat(nightly.overlap()).isEqualTo(OverlapPolicy.ALLOW);
			// 02:00 in Paris is 01:00 UTC in January
			assertThat(nightly.nextFireTime()).isEqualTo("2026-01-16T01:00:00Z");
			assertThat(nightly.paused()).isFalse();
			assertThat(nightly.declared()).isTrue();
			assertThat(storedPayload(context, "report.nightly")).isNull();
		});
	}

	@Test
	void taskHandlerCronWithoutZoneIsReadInTheJvmZone() {
		this.databaseClockRunner.withUserConfiguration(HourlyHandler.class).run((context) -> {
			ScheduleView hourly = taskFlow(context).schedules().find("cleanup.hourly").orElseThrow();
			assertThat(hourly.expression()).isEqualTo("@hourly");
			assertThat(hourly.zone()).isEqualTo(ZoneId.systemDefault());
		});
	}

	@Test
	void taskHandlerCronWithoutZoneIsReadInTheZoneOfTheTaskFlowClock() {
		String other = ZoneId.systemDefault().getId().equals("Asia/Tokyo") ? "America/Lima" : "Asia/Tokyo";
		this.databaseClockRunner.withUserConfiguration(HourlyHandler.class)
			.withBean(TaskFlowClock.class, () -> TaskFlowClock.of(Clock.fixed(NOW, ZoneId.of(other))))
			.run((context) -> assertThat(taskFlow(context).schedules().find("cleanup.hourly").orElseThrow().zone())
				.isEqualTo(ZoneId.of(other)));
	}

	@Test
	void clockBeanOfTheApplicationIsNotFollowedByTheSchedules() {
		Instant past = Instant.parse("2001-01-01T00:00:00Z");
		this.databaseClockRunner.withUserConfiguration(InvoiceHandlers.class)
			.withBean(Clock.class, () -> Clock.fixed(past, ZoneOffset.UTC))
			.withPropertyValues("spring.taskflow.schedules[invoice.sweep].every=1h")
			.run((context) -> assertThat(
					taskFlow(context).schedules().find("invoice.sweep").orElseThrow().nextFireTime())
				.isAfter(Instant.now().minus(Duration.ofHours(1))));
	}

	@Test
	void cronWithoutZoneIsReadInTheConfiguredDefaultZone() {
		String other = ZoneId.systemDefault().getId().equals("Asia/Tokyo") ? "America/Lima" : "Asia/Tokyo";
		this.contextRunner.withUserConfiguration(HourlyHandler.class)
			.withPropertyValues("spring.taskflow.schedule.zone=" + other)
			.run((context) -> {
				assertThat(taskFlow(context).schedules().find("cleanup.hourly").orElseThrow().zone())
					.isEqualTo(ZoneId.of(other));
			});
	}

	@Test
	void configuredDefaultZoneReplacesTheZoneANodeOfAnotherJvmZoneStored() {
		String url = "spring.datasource.url=jdbc:h2:mem:zoned-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
		this.databaseClockRunner.withUserConfiguration(HourlyHandler.class)
			.withPropertyValues(url)
			.withBean(TaskFlowClock.class, () -> TaskFlowClock.of(Clock.fixed(NOW, ZoneId.of("Asia/Tokyo"))))
			.run((context) -> assertThat(taskFlow(context).schedules().find("cleanup.hourly").orElseThrow().zone())
				.isEqualTo(ZoneId.of("Asia/Tokyo")));
		// a JVM zone is kept by nodes in other zones, a configured one is written
		this.databaseClockRunner.withUserConfiguration(HourlyHandler.class)
			.withPropertyValues(url)
			.withBean(TaskFlowClock.class, () -> TaskFlowClock.of(Clock.fixed(NOW, ZoneId.of("America/Lima"))))
			.run((context) -> assertThat(taskFlow(context).schedules().find("cleanup.hourly").orElseThrow().zone())
				.isEqualTo(ZoneId.of("Asia/Tokyo")));
		this.databaseClockRunner.withUserConfiguration(HourlyHandler.class)
			.withPropertyValues(url, "spring.taskflow.schedule.zone=America/Lima")
			.run((context) -> assertThat(taskFlow(context).schedules().find("cleanup.hourly").orElseThrow().zone())
				.isEqualTo(ZoneId.of("America/Lima")));
	}

	@Test
	void unknownDefaultZoneFailsNamingTheProperty() {
		this.contextRunner.withPropertyValues("spring.taskflow.schedule.zone=Mars/Olympus")
			.run((context) -> assertThat(context).getFailure()
				.hasStackTraceContaining("spring.taskflow.schedule.zone")
				.hasStackTraceContaining("Mars/Olympus"));
	}

	@Test
	void propertiesOverrideTheTaskHandlerScheduleOfTheSameName() {
		this.contextRunner.withUserConfiguration(NightlyReportHandler.class)
			.withPropertyValues("spring.taskflow.schedules[report.nightly].cron=0 0 4 * * *",
					"spring.taskflow.schedules[report.nightly].queue=reports",
					"spring.taskflow.schedules[report.nightly].misfire=skip")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				ScheduleView nightly = taskFlow(context).schedules().find("report.nightly").orElseThrow();
				assertThat(nightly.expression()).isEqualTo("0 0 4 * * *");
				// the annotation's zone still applies to the configured cron
				assertThat(nightly.zone()).isEqualTo(ZoneId.of("Europe/Paris"));
				assertThat(nightly.handler()).isEqualTo("report.nightly");
				assertThat(nightly.queue()).isEqualTo("reports");
				assertThat(nightly.misfire()).isEqualTo(MisfirePolicy.SKIP);
				assertThat(nightly.nextFireTime()).isEqualTo("2026-01-16T03:00:00Z");
				assertThat(taskFlow(context).schedules().list()).hasSize(1);
			});
	}

	@Test
	void propertiesCanTurnAZonedTaskHandlerCronIntoAnInterval() {
		this.contextRunner.withUserConfiguration(NightlyReportHandler.class)
			.withPropertyValues("spring.taskflow.schedules[report.nightly].every=1h")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				ScheduleView nightly = taskFlow(context).schedules().find("report.nightly").orElseThrow();
				assertThat(nightly.isInterval()).isTrue();
				assertThat(nightly.expression()).isEqualTo("PT1H");
				assertThat(nightly.zone()).isEqualTo(ZoneOffset.UTC);
			});
	}

	@Test
	void disabledPropertyLeavesATaskHandlerCronOut() {
		this.contextRunner.withUserConfiguration(NightlyReportHandler.class, HourlyHandler.class)
			.withPropertyValues("spring.taskflow.schedules[report.nightly].enabled=false")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(taskFlow(context).schedules().find("report.nightly")).isEmpty();
				assertThat(taskFlow(context).schedules().list()).extracting(ScheduleView::name)
					.containsExactly("cleanup.hourly");
			});
	}

	@Test
	void disabledPropertyLeavesAPropertiesScheduleOut() {
		this.contextRunner.withUserConfiguration(InvoiceHandlers.class)
			.withPropertyValues("spring.taskflow.schedules[invoice.sweep].every=5m",
					"spring.taskflow.schedules[invoice.sweep].enabled=false")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(taskFlow(context).schedules().list()).isEmpty();
			});
	}

	@Test
	void dottedScheduleNamesBindInBrackets() {
		this.contextRunner.withUserConfiguration(InvoiceHandlers.class)
			.withPropertyValues("spring.taskflow.schedules[report.nightly].cron=0 0 3 * * *",
					"spring.taskflow.schedules[report.nightly].zone=UTC",
					"spring.taskflow.schedules[report.nightly].handler=invoice.sweep")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(TaskFlowProperties.class).getSchedules()).containsOnlyKeys("report.nightly");
				ScheduleView nightly = taskFlow(context).schedules().find("report.nightly").orElseThrow();
				assertThat(nightly.expression()).isEqualTo("0 0 3 * * *");
				assertThat(nightly.zone()).isEqualTo(ZoneId.of("UTC"));
				assertThat(nightly.handler()).isEqualTo("invoice.sweep");
				assertThat(nightly.nextFireTime()).isEqualTo("2026-01-16T03:00:00Z");
			});
	}

	@Test
	void dottedScheduleNamesWorkAsWritten() {
		// YAML with a "report.nightly:" key under "schedules:" flattens to these names
		this.contextRunner.withUserConfiguration(InvoiceHandlers.class, HourlyHandler.class)
			.withPropertyValues("spring.taskflow.schedules.report.nightly.cron=0 0 3 * * *",
					"spring.taskflow.schedules.report.nightly.handler=invoice.sweep",
					"spring.taskflow.schedules.cleanup.hourly.enabled=false")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				List<ScheduleView> schedules = taskFlow(context).schedules().list();
				assertThat(schedules).extracting(ScheduleView::name).containsExactly("report.nightly");
				assertThat(schedules.get(0).expression()).isEqualTo("0 0 3 * * *");
				assertThat(schedules.get(0).handler()).isEqualTo("invoice.sweep");
			});
	}

	@Test
	void dottedAndBracketedSchedulePropertiesCombineWithBracketsWinning() {
		this.contextRunner.withUserConfiguration(InvoiceHandlers.class)
			.withPropertyValues("spring.taskflow.schedules.report.nightly.cron=0 0 3 * * *",
					"spring.taskflow.schedules.report.nightly.handler=invoice.sweep",
					"spring.taskflow.schedules[report.nightly].cron=0 0 4 * * *",
					"spring.taskflow.schedules[report.nightly].zone=UTC")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				ScheduleView nightly = taskFlow(context).schedules().find("report.nightly").orElseThrow();
				assertThat(nightly.expression()).isEqualTo("0 0 4 * * *");
				assertThat(nightly.handler()).isEqualTo("invoice.sweep");
				assertThat(nightly.zone()).isEqualTo(ZoneId.of("UTC"));
			});
	}

	@Test
	void declaredScheduleIsUpdatedAtTheNextStartWhenItsDeclarationChanges() {
		String url = "spring.datasource.url=jdbc:h2:mem:redeclared-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
		this.contextRunner.withUserConfiguration(InvoiceHandlers.class)
			.withPropertyValues(url, "spring.taskflow.schedules[invoice.sweep].cron=0 0 * * * *")
			.run((context) -> assertThat(taskFlow(context).schedules().find("invoice.sweep"))
				.hasValueSatisfying((sweep) -> assertThat(sweep.expression()).isEqualTo("0 0 * * * *")));
		this.contextRunner.withUserConfiguration(InvoiceHandlers.class)
			.withPropertyValues(url, "spring.taskflow.schedules[invoice.sweep].cron=0 30 * * * *",
					"spring.taskflow.schedules[invoice.sweep].priority=3")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				ScheduleView sweep = taskFlow(context).schedules().find("invoice.sweep").orElseThrow();
				assertThat(sweep.expression()).isEqualTo("0 30 * * * *");
				assertThat(sweep.priority()).isEqualTo(3);
				assertThat(sweep.nextFireTime()).isEqualTo("2026-01-15T10:30:00Z");
				assertThat(sweep.declared()).isTrue();
			});
	}

	@Test
	void declaredScheduleNoLongerDeclaredIsKeptAtTheNextStart() {
		// during a rolling deploy older nodes still declare it: it is reported, not
		// removed
		String url = "spring.datasource.url=jdbc:h2:mem:undeclared-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
		this.contextRunner.withUserConfiguration(InvoiceHandlers.class)
			.withPropertyValues(url, "spring.taskflow.schedules[invoice.sweep].cron=0 0 * * * *")
			.run((context) -> assertThat(taskFlow(context).schedules().find("invoice.sweep")).isPresent());
		this.contextRunner.withUserConfiguration(InvoiceHandlers.class)
			.withPropertyValues(url)
			.run((context) -> assertThat(taskFlow(context).schedules().find("invoice.sweep"))
				.hasValueSatisfying((sweep) -> assertThat(sweep.paused()).isFalse()));
	}

	@Test
	void onlyNodesThatFireSchedulesWarnOfAScheduleTheyDoNotDeclare(CapturedOutput output) {
		String url = "spring.datasource.url=jdbc:h2:mem:warn-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
		String warning = "Schedule 'invoice.sweep' was declared by an earlier version of the application";
		this.contextRunner.withUserConfiguration(InvoiceHandlers.class)
			.withPropertyValues(url, "spring.taskflow.schedules[invoice.sweep].cron=0 0 * * * *")
			.run((context) -> assertThat(context).hasNotFailed());
		this.contextRunner.withPropertyValues(url, "spring.taskflow.worker.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed());
		assertThat(output).doesNotContain(warning);
		this.contextRunner.withUserConfiguration(InvoiceHandlers.class)
			.withPropertyValues(url)
			.run((context) -> assertThat(context).hasNotFailed());
		assertThat(output).contains(warning);
	}

	@Test
	void disablingAStoredDeclaredScheduleStopsIt() {
		String url = "spring.datasource.url=jdbc:h2:mem:disabled-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
		this.contextRunner.withUserConfiguration(NightlyReportHandler.class)
			.withPropertyValues(url)
			.run((context) -> assertThat(taskFlow(context).schedules().find("report.nightly")).isPresent());
		this.contextRunner.withUserConfiguration(NightlyReportHandler.class)
			.withPropertyValues(url, "spring.taskflow.schedules[report.nightly].enabled=false")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(taskFlow(context).schedules().find("report.nightly")).isEmpty();
			});
	}

	@Test
	void declaredScheduleCannotBeReplacedAtRunTime() {
		this.contextRunner.withUserConfiguration(NightlyReportHandler.class).run((context) -> {
			TaskFlow taskFlow = taskFlow(context);
			assertThatExceptionOfType(InvalidScheduleException.class)
				.isThrownBy(() -> taskFlow.schedules().register(Schedule.cron("report.nightly", "0 0 5 * * *")))
				.withMessage("Schedule 'report.nightly' is invalid: it is declared in code or properties, which are"
						+ " the source of truth for it; change it there");
			assertThat(taskFlow.schedules().find("report.nightly"))
				.hasValueSatisfying((nightly) -> assertThat(nightly.expression()).isEqualTo("0 0 2 * * *"));
		});
	}

	@Test
	void declaredSchedulesAreNeitherCheckedNorWrittenWhenSchedulingIsDisabled() {
		this.contextRunner.withUserConfiguration(NightlyReportHandler.class)
			.withPropertyValues("spring.taskflow.schedule.enabled=false",
					"spring.taskflow.schedules.broken.cron=not a cron")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(taskFlow(context).schedules().list()).isEmpty();
			});
	}

	@Test
	void invalidCronInPropertiesFailsTheStart() {
		this.contextRunner.withUserConfiguration(InvoiceHandlers.class)
			.withPropertyValues("spring.taskflow.schedules.invoices.cron=0 0 25 * * *",
					"spring.taskflow.schedules.invoices.handler=invoice.sweep")
			.run((context) -> {
				InvalidScheduleException ex = invalidSchedule(context);
				assertThat(ex).hasMessage("Schedule 'invoices' is invalid: cron expression '0 0 25 * * *' is not"
						+ " valid: Invalid value for HourOfDay (valid values 0 - 23): 25 '25' in cron expression"
						+ " \"0 0 25 * * *\" (six fields: second minute hour day-of-month month day-of-week, or"
						+ " @hourly, @daily, ...)");
				assertThat(ex.getScheduleName()).isEqualTo("invoices");
			});
	}

	@Test
	void invalidCronOnTaskHandlerFailsTheStart() {
		this.contextRunner.withUserConfiguration(UnixCronHandler.class)
			.run((context) -> assertThat(invalidSchedule(context))
				.hasMessage("Schedule 'report.unix' is invalid: cron expression '0 2 * * *' is not valid: Cron"
						+ " expression must consist of 6 fields (found 5 in \"0 2 * * *\") (six fields: second"
						+ " minute hour day-of-month month day-of-week, or @hourly, @daily, ...)"));
	}

	@Test
	void invalidZoneInPropertiesFailsTheStart() {
		this.contextRunner.withUserConfiguration(InvoiceHandlers.class)
			.withPropertyValues("spring.taskflow.schedules[invoice.sweep].cron=@daily",
					"spring.taskflow.schedules[invoice.sweep].zone=Mars/Olympus")
			.run((context) -> assertThat(invalidSchedule(context))
				.hasMessage("Schedule 'invoice.sweep' is invalid: zone 'Mars/Olympus' is not a time zone id (for"
						+ " example Europe/Paris, UTC or +02:00)"));
	}

	@Test
	void invalidZoneOnTaskHandlerFailsTheStart() {
		this.contextRunner.withUserConfiguration(MarsZoneHandler.class)
			.run((context) -> assertThat(invalidSchedule(context))
				.hasMessage("Schedule 'report.mars' is invalid: zone 'Mars/Olympus' is not a time zone id (for"
						+ " example Europe/Paris, UTC or +02:00)"));
	}

	@Test
	void zoneWithoutCronOnTaskHandlerFailsTheStart() {
		this.contextRunner.withUserConfiguration(ZoneOnlyHandler.class)
			.run((context) -> assertThat(invalidSchedule(context))
				.hasMessage("Schedule 'report.zoned' is invalid: @TaskHandler on 'report.zoned'"
						+ " (ZoneOnlyHandler.run) has a zone but no cron expression; add cron = \"...\""));
	}

	@Test
	void zoneOnAnIntervalFailsTheStart() {
		this.contextRunner.withUserConfiguration(InvoiceHandlers.class)
			.withPropertyValues("spring.taskflow.schedules[invoice.sweep].every=1h",
					"spring.taskflow.schedules[invoice.sweep].zone=Europe/Paris")
			.run((context) -> assertThat(invalidSchedule(context)).hasMessage("Schedule 'invoice.sweep' is invalid:"
					+ " a zone applies to cron expressions only; an interval counts the same everywhere"));
	}

	@Test
	void bothCronAndEveryFailTheStart() {
		this.contextRunner.withUserConfiguration(InvoiceHandlers.class)
			.withPropertyValues("spring.taskflow.schedules[invoice.sweep].cron=@hourly",
					"spring.taskflow.schedules[invoice.sweep].every=1h")
			.run((context) -> assertThat(invalidSchedule(context))
				.hasMessage("Schedule 'invoice.sweep' is invalid: it sets both cron and every; set one of them"));
	}

	@Test
	void neitherCronNorEveryFailsTheStartAndSuggestsBracketsForDottedNames() {
		this.contextRunner.withUserConfiguration(InvoiceHandlers.class)
			.withPropertyValues("spring.taskflow.schedules[invoice.sweep].queue=billing")
			.run((context) -> assertThat(invalidSchedule(context)).hasMessage("Schedule 'invoice.sweep' is invalid:"
					+ " it sets neither cron nor every; set spring.taskflow.schedules.invoice.sweep.cron (or .every)."
					+ " If the name contains dots, write it in brackets:"
					+ " spring.taskflow.schedules[invoice.sweep].cron"));
	}

	@Test
	void zeroIntervalFailsTheStart() {
		this.contextRunner.withUserConfiguration(InvoiceHandlers.class)
			.withPropertyValues("spring.taskflow.schedules[invoice.sweep].every=0s")
			.run((context) -> assertThat(invalidSchedule(context)).hasMessage("Schedule 'invoice.sweep' is invalid:"
					+ " the interval must be at least 1ms (for example 30s, 5m or PT1H), was PT0S"));
	}

	@Test
	void negativeIntervalFailsTheStart() {
		this.contextRunner.withUserConfiguration(InvoiceHandlers.class)
			.withPropertyValues("spring.taskflow.schedules[invoice.sweep].every=-5m")
			.run((context) -> assertThat(invalidSchedule(context)).hasMessage("Schedule 'invoice.sweep' is invalid:"
					+ " the interval must be at least 1ms (for example 30s, 5m or PT1H), was PT-5M"));
	}

	@Test
	void payloadThatIsNotJsonFailsTheStart() {
		this.contextRunner.withUserConfiguration(InvoiceHandlers.class)
			.withPropertyValues("spring.taskflow.schedules[invoice.sweep].every=1h",
					"spring.taskflow.schedules[invoice.sweep].payload=region: eu")
			.run((context) -> assertThat(invalidSchedule(context))
				.hasMessageStartingWith("Schedule 'invoice.sweep' is invalid: payload is not valid JSON (")
				.hasMessageEndingWith("); write it as JSON text, for example {\"region\":\"eu\"}"));
	}

	@Test
	void unknownHandlerFailsTheStartAndListsTheKnownOnes() {
		this.contextRunner.withUserConfiguration(InvoiceHandlers.class, NightlyReportHandler.class)
			.withPropertyValues("spring.taskflow.schedules.invoices.cron=@hourly")
			.run((context) -> assertThat(invalidSchedule(context)).hasMessage("Schedule 'invoices' is invalid: its"
					+ " handler 'invoices' is not a @TaskHandler of this application (known: [invoice.sweep,"
					+ " report.nightly]); set the schedule's handler, or spring.taskflow.enqueue.validate-handlers=false"
					+ " on nodes without the handler"));
	}

	@Test
	void unknownHandlerIsAllowedWhenHandlerValidationIsOff() {
		this.contextRunner
			.withPropertyValues("spring.taskflow.schedules.invoices.cron=@hourly",
					"spring.taskflow.schedules.invoices.handler=runs.elsewhere",
					"spring.taskflow.enqueue.validate-handlers=false")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(taskFlow(context).schedules().find("invoices"))
					.hasValueSatisfying((invoices) -> assertThat(invoices.handler()).isEqualTo("runs.elsewhere"));
			});
	}

	@Test
	void unknownHandlerIsAllowedOnAnEnqueueOnlyNode() {
		this.contextRunner
			.withPropertyValues("spring.taskflow.worker.enabled=false",
					"spring.taskflow.schedules.invoices.cron=@hourly")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(taskFlow(context).schedules().find("invoices")).isPresent();
			});
	}

	@Test
	void unknownMisfirePolicyFailsTheBinding() {
		this.contextRunner.withUserConfiguration(InvoiceHandlers.class)
			.withPropertyValues("spring.taskflow.schedules[invoice.sweep].every=1h",
					"spring.taskflow.schedules[invoice.sweep].misfire=sometimes")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(findCause(context.getStartupFailure(), BindException.class)).isNotNull()
					.satisfies((ex) -> assertThat(ex.getProperty().getName().toString())
						.isEqualTo("spring.taskflow.schedules[invoice.sweep].misfire"));
			});
	}

	@Test
	void maxCatchUpBelowOneFailsTheStart() {
		this.contextRunner.withPropertyValues("spring.taskflow.schedule.max-catch-up=0")
			.run((context) -> assertThat(bindValidationFailure(context))
				.contains("Property: spring.taskflow.schedule.max-catch-up")
				.contains("Reason: must be at least 1; a schedule that should not catch up at all uses misfire skip"));
	}

	@Test
	void negativeMisfireThresholdFailsTheStart() {
		this.contextRunner.withPropertyValues("spring.taskflow.schedule.misfire-threshold=-1s")
			.run((context) -> assertThat(bindValidationFailure(context))
				.contains("Property: spring.taskflow.schedule.misfire-threshold")
				.contains("Reason: must not be negative; 0 counts every late fire time as missed"));
	}

	@Test
	void zeroMisfireThresholdIsAllowed() {
		this.contextRunner.withPropertyValues("spring.taskflow.schedule.misfire-threshold=0s")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void zeroPollAndRefreshIntervalsFailTheStart() {
		this.contextRunner.withPropertyValues("spring.taskflow.schedule.poll-interval=0s")
			.run((context) -> assertThat(bindValidationFailure(context))
				.contains("Property: spring.taskflow.schedule.poll-interval")
				.contains("Reason: must be at least 1ms, such as 1s (the default)"));
		this.contextRunner.withPropertyValues("spring.taskflow.schedule.refresh-interval=0s")
			.run((context) -> assertThat(bindValidationFailure(context))
				.contains("Property: spring.taskflow.schedule.refresh-interval")
				.contains("Reason: must be at least 1ms, such as 10s (the default)"));
	}

	// what Spring Boot reports for an invalid property value
	private static String bindValidationFailure(AssertableApplicationContext context) {
		assertThat(context).hasFailed();
		return RegisteredFailureAnalyzers
			.named("org.springframework.boot.diagnostics.analyzer.BindValidationFailureAnalyzer")
			.analyze(context.getStartupFailure())
			.getDescription();
	}

	@Test
	void failureAnalyzerExplainsAnInvalidSchedule() {
		this.contextRunner.withUserConfiguration(InvoiceHandlers.class)
			.withPropertyValues("spring.taskflow.schedules.invoices.cron=@hourly",
					"spring.taskflow.schedules.invoices.handler=invoice.sweep",
					"spring.taskflow.schedules.invoices.zone=Mars/Olympus")
			.run((context) -> {
				InvalidScheduleException ex = invalidSchedule(context);
				FailureAnalysis analysis = RegisteredFailureAnalyzers.named(ANALYZER)
					.analyze(context.getStartupFailure());
				assertThat(analysis).isNotNull();
				assertThat(analysis.getDescription()).isEqualTo("Schedule 'invoices' is invalid: zone 'Mars/Olympus'"
						+ " is not a time zone id (for example Europe/Paris, UTC or +02:00)");
				assertThat(analysis.getAction()).isEqualTo("Fix schedule 'invoices' where it is declared: its"
						+ " @TaskHandler(cron = ..., zone = ...) or spring.taskflow.schedules.invoices.* properties.");
				assertThat(analysis.getCause()).isSameAs(ex);
			});
	}

	@Test
	void failureAnalyzerWritesADottedScheduleNameInBrackets() {
		this.contextRunner.withUserConfiguration(InvoiceHandlers.class)
			.withPropertyValues("spring.taskflow.schedules[invoice.sweep].every=0s")
			.run((context) -> {
				FailureAnalysis analysis = RegisteredFailureAnalyzers.named(ANALYZER)
					.analyze(context.getStartupFailure());
				assertThat(analysis.getAction()).isEqualTo("Fix schedule 'invoice.sweep' where it is declared: its"
						+ " @TaskHandler(cron = ..., zone = ...) or spring.taskflow.schedules[invoice.sweep].*"
						+ " properties.");
			});
	}

	private static TaskFlow taskFlow(AssertableApplicationContext context) {
		return context.getBean(TaskFlow.class);
	}

	private static String storedPayload(AssertableApplicationContext context, String name) {
		return new JdbcTemplate(context.getBean(DataSource.class))
			.queryForObject("SELECT payload FROM taskflow_schedule WHERE name = ?", String.class, name);
	}

	private static InvalidScheduleException invalidSchedule(AssertableApplicationContext context) {
		assertThat(context).hasFailed();
		InvalidScheduleException ex = findCause(context.getStartupFailure(), InvalidScheduleException.class);
		assertThat(ex).as("InvalidScheduleException in %s", context.getStartupFailure()).isNotNull();
		return ex;
	}

	private static <T extends Throwable> T findCause(Throwable failure, Class<T> type) {
		while (failure != null) {
			if (type.isInstance(failure)) {
				return type.cast(failure);
			}
			failure = failure.getCause();
		}
		return null;
	}

	static class InvoiceHandlers {

		@TaskHandler("invoice.sweep")
		void sweep(Object region) {
		}

	}

	static class NightlyReportHandler {

		@TaskHandler(value = "report.nightly", cron = "0 0 2 * * *", zone = "Europe/Paris")
		void render() {
		}

	}

	static class HourlyHandler {

		@TaskHandler(value = "cleanup.hourly", cron = "@hourly")
		void cleanUp() {
		}

	}

	static class UnixCronHandler {

		@TaskHandler(value = "report.unix", cron = "0 2 * * *")
		void render() {
		}

	}

	static class MarsZoneHandler {

		@TaskHandler(value = "report.mars", cron = "@daily", zone = "Mars/Olympus")
		void render() {
		}

	}

	static class ZoneOnlyHandler {

		@TaskHandler(value = "report.zoned", zone = "Europe/Paris")
		void run() {
		}

	}

}
