package dev.taskflow.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.taskflow.JobId;
import dev.taskflow.JobRequest;
import dev.taskflow.TaskFlow;
import dev.taskflow.metrics.JobMetrics;
import dev.taskflow.metrics.TaskFlowGauges;
import dev.taskflow.observation.DefaultJobEnqueueObservationConvention;
import dev.taskflow.observation.JobEnqueueObservationConvention;
import dev.taskflow.observation.JobObservations;
import dev.taskflow.observation.MicrometerJobObservations;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the wiring of metrics and observations.
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
	void observationRegistryIsPickedUp() {
		this.contextRunner.withBean(ObservationRegistry.class, TestObservationRegistry::create).run((context) -> {
			TestObservationRegistry registry = context.getBean(TestObservationRegistry.class);
			JobId id = context.getBean(TaskFlow.class)
				.enqueue(JobRequest.of("mail.send").queue("mail").correlationId("order-42"));
			TestObservationRegistryAssert.assertThat(registry)
				.hasObservationWithNameEqualTo("taskflow.job.enqueue")
				.that()
				.hasContextualNameEqualTo("enqueue mail.send")
				.hasLowCardinalityKeyValue("taskflow.handler", "mail.send")
				.hasLowCardinalityKeyValue("taskflow.queue", "mail")
				.hasHighCardinalityKeyValue("taskflow.job.id", id.toString())
				.hasHighCardinalityKeyValue("taskflow.correlation.id", "order-42")
				.hasBeenStarted()
				.hasBeenStopped();
		});
	}

	@Test
	void observationConventionBeansAreUsed() {
		this.contextRunner.withBean(ObservationRegistry.class, TestObservationRegistry::create)
			.withBean(JobEnqueueObservationConvention.class, () -> new DefaultJobEnqueueObservationConvention() {

				@Override
				public String getName() {
					return "custom.enqueue";
				}

			})
			.run((context) -> {
				context.getBean(TaskFlow.class).enqueue(JobRequest.of("mail.send"));
				TestObservationRegistryAssert.assertThat(context.getBean(TestObservationRegistry.class))
					.hasObservationWithNameEqualTo("custom.enqueue")
					.that()
					.hasLowCardinalityKeyValue("taskflow.handler", "mail.send");
			});
	}

	@Test
	void withoutAnObservationRegistryObservationsAreNoOps() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(JobObservations.class);
			MicrometerJobObservations observations = context.getBean(MicrometerJobObservations.class);
			assertThat(observations.getRegistry().isNoop()).isTrue();
			assertThat(observations.enqueue(List.of(JobRequest.of("mail.send"))))
				.isSameAs(JobObservations.Enqueue.NONE);
			assertThat(context.getBean(TaskFlow.class).enqueue(JobRequest.of("mail.send"))).isNotNull();
		});
	}

	@Test
	void withoutMicrometerObservationJobsAreStillEnqueued() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(ObservationRegistry.class)).run((context) -> {
			assertThat(context).hasNotFailed().doesNotHaveBean(JobObservations.class);
			JobId id = context.getBean(TaskFlow.class).enqueue(JobRequest.of("mail.send").correlationId("order-42"));
			assertThat(context.getBean(TaskFlow.class).find(id))
				.hasValueSatisfying((job) -> assertThat(job.correlationId()).isEqualTo("order-42"));
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
