package dev.taskflow.autoconfigure;

import java.time.Duration;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.taskflow.metrics.JobMetrics;
import dev.taskflow.metrics.TaskFlowGauges;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the wiring of metrics.
 *
 * @author TaskFlow
 */
class TaskFlowObservabilityConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
				TaskFlowStoreAutoConfiguration.class, TaskFlowAutoConfiguration.class))
		.withPropertyValues("spring.datasource.url=jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
				"spring.taskflow.schedule.enabled=false", "spring.taskflow.worker.enabled=false");

	@Test
	void metricsAreRegisteredWithMicrometer() {
		this.contextRunner.withBean(MeterRegistry.class, SimpleMeterRegistry::new).run((context) -> {
			assertThat(context).hasSingleBean(JobMetrics.class).hasSingleBean(TaskFlowGauges.class);
		});
	}

	@Test
	void metricsBackOffWithoutMicrometer() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(MeterRegistry.class)).run((context) -> {
			assertThat(context).hasNotFailed().doesNotHaveBean(JobMetrics.class).doesNotHaveBean(TaskFlowGauges.class);
		});
	}

	@Test
	void queueRefreshIntervalIsBound() {
		this.contextRunner.withPropertyValues("spring.taskflow.metrics.queue-refresh-interval=30s")
			.run((context) -> assertThat(
					context.getBean(TaskFlowProperties.class).getMetrics().getQueueRefreshInterval())
				.isEqualTo(Duration.ofSeconds(30)));
	}

	@Test
	void queueRefreshIntervalDefaultsToTenSeconds() {
		assertThat(new TaskFlowProperties().getMetrics().getQueueRefreshInterval()).isEqualTo(Duration.ofSeconds(10));
	}

}
