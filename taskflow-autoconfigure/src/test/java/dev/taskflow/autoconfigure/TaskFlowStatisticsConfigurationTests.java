package dev.taskflow.autoconfigure;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.LazyInitializationBeanFactoryPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.taskflow.JobRequest;
import dev.taskflow.TaskFlow;
import dev.taskflow.TaskFlowClock;
import dev.taskflow.statistics.StatisticsRecorder;
import dev.taskflow.store.JobStore;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the wiring of statistics ({@code spring.taskflow.statistics.*}).
 *
 * @author TaskFlow
 */
class TaskFlowStatisticsConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
				TaskFlowStoreAutoConfiguration.class, TaskFlowAutoConfiguration.class))
		.withPropertyValues("spring.datasource.url=jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");

	@Test
	void recorderRunsByDefault() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(StatisticsRecorder.class);
			assertThat(context.getBean(StatisticsRecorder.class).isRunning()).isTrue();
		});
	}

	@Test
	void recorderIsAbsentWhenDisabledButStatisticsCanStillBeRead() {
		this.contextRunner.withPropertyValues("spring.taskflow.statistics.enabled=false").run((context) -> {
			assertThat(context).hasNotFailed().doesNotHaveBean(StatisticsRecorder.class);
			Instant from = Instant.parse("2031-05-06T07:00:00Z");
			assertThat(context.getBean(TaskFlow.class)
				.statistics()
				.series(from, from.plus(Duration.ofMinutes(10)), Duration.ofMinutes(5)))
				.extracting((point) -> point.enqueued())
				.containsExactly(0L, 0L);
		});
	}

	@Test
	void recorderBacksOffWhenUserDefinesOne() {
		this.contextRunner.withUserConfiguration(CustomRecorderConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(StatisticsRecorder.class);
			assertThat(context.getBean(StatisticsRecorder.class)).isSameAs(context.getBean("customRecorder"));
		});
	}

	@Test
	void defaultPropertiesMatchTheRecordersDefaults() {
		TaskFlowProperties.Statistics statistics = new TaskFlowProperties().getStatistics();
		assertThat(statistics.isEnabled()).isTrue();
		assertThat(statistics.getRetention()).isEqualTo(Duration.ofDays(8))
			.isEqualTo(StatisticsRecorder.DEFAULT_RETENTION);
	}

	@Test
	void workerNodeWritesUnderItsOwnIdByTheTaskFlowClocksMinutes() {
		Instant minute = Instant.parse("2031-05-06T07:08:00Z");
		this.contextRunner
			.withPropertyValues("spring.taskflow.worker.node-id=node-7",
					"spring.taskflow.enqueue.validate-handlers=false")
			.withBean(TaskFlowClock.class, () -> TaskFlowClock.of(Clock.fixed(minute.plusSeconds(10), ZoneOffset.UTC)))
			.run((context) -> {
				context.getBean(TaskFlow.class).enqueue(JobRequest.of("elsewhere").delay(Duration.ofHours(1)));
				context.getBean(StatisticsRecorder.class).stop();
				assertThat(context.getBean(TaskFlow.class)
					.statistics()
					.series(minute, minute.plusSeconds(60), Duration.ofMinutes(1))
					.get(0)
					.enqueued()).isEqualTo(1);
				assertThat(new JdbcTemplate(context.getBean(JobStore.class).dataSource())
					.queryForList("SELECT node_id, handler, enqueued FROM taskflow_statistics"))
					.singleElement()
					.satisfies((row) -> assertThat(row).containsEntry("NODE_ID", "node-7")
						.containsEntry("HANDLER", "elsewhere")
						.containsEntry("ENQUEUED", 1));
			});
	}

	@Test
	void enqueueOnlyNodeWritesUnderAnIdGeneratedForIt() {
		this.contextRunner.withPropertyValues("spring.taskflow.worker.enabled=false").run((context) -> {
			context.getBean(TaskFlow.class).enqueue(JobRequest.of("elsewhere").delay(Duration.ofHours(1)));
			context.getBean(StatisticsRecorder.class).stop();
			assertThat(new JdbcTemplate(context.getBean(JobStore.class).dataSource())
				.queryForObject("SELECT node_id FROM taskflow_statistics", String.class))
				.matches(".+-\\d+-[0-9a-f]{8}");
		});
	}

	@Test
	void recorderIsExcludedFromLazyInitialization() {
		this.contextRunner
			.withInitializer(
					(context) -> context.addBeanFactoryPostProcessor(new LazyInitializationBeanFactoryPostProcessor()))
			.run((context) -> {
				ConfigurableListableBeanFactory beanFactory = context.getBeanFactory();
				assertThat(beanFactory.getBeanDefinition("taskFlowStatisticsRecorder").isLazyInit()).isFalse();
				assertThat(context.getBean(StatisticsRecorder.class).isRunning()).isTrue();
			});
	}

	@Configuration(proxyBeanMethods = false)
	static class CustomRecorderConfiguration {

		@Bean
		StatisticsRecorder customRecorder(JobStore store) {
			return StatisticsRecorder.of(store.statistics(), () -> "custom", Clock.systemUTC(), Duration.ofDays(1));
		}

	}

}
