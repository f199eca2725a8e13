package dev.taskflow.actuate.autoconfigure;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.endpoint.Show;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.taskflow.actuate.TaskFlowEndpoint;
import dev.taskflow.actuate.TaskFlowEndpointWebExtension;
import dev.taskflow.actuate.TaskFlowHealthIndicator;
import dev.taskflow.autoconfigure.TaskFlowAutoConfiguration;
import dev.taskflow.autoconfigure.TaskFlowStoreAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests of {@link TaskFlowEndpointAutoConfiguration} and
 * {@link TaskFlowHealthContributorAutoConfiguration}: one per condition.
 *
 * @author TaskFlow
 */
class TaskFlowActuatorAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
				TaskFlowStoreAutoConfiguration.class, TaskFlowAutoConfiguration.class, EndpointAutoConfiguration.class,
				TaskFlowEndpointAutoConfiguration.class, TaskFlowHealthContributorAutoConfiguration.class))
		.withPropertyValues("spring.datasource.url=jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
				"spring.taskflow.worker.enabled=false");

	@Test
	void endpointIsAbsentUntilExposed() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(TaskFlowEndpoint.class)
			.hasSingleBean(TaskFlowHealthIndicator.class));
	}

	@Test
	void endpointAndWebExtensionExistWhenExposedOverHttp() {
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=taskflow")
			.run((context) -> assertThat(context).hasSingleBean(TaskFlowEndpoint.class)
				.hasSingleBean(TaskFlowEndpointWebExtension.class));
	}

	@Test
	void showValuesAndRolesAreBound() {
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=taskflow",
				"management.endpoint.taskflow.show-values=when-authorized", "management.endpoint.taskflow.roles=OPS")
			.run((context) -> {
				TaskFlowEndpointProperties properties = context.getBean(TaskFlowEndpointProperties.class);
				assertThat(properties.getShowValues()).isEqualTo(Show.WHEN_AUTHORIZED);
				assertThat(properties.getRoles()).containsExactly("OPS");
			});
	}

	@Test
	void endpointIsAbsentWhenAccessIsNone() {
		this.contextRunner
			.withPropertyValues("management.endpoints.web.exposure.include=taskflow",
					"management.endpoint.taskflow.access=NONE")
			.run((context) -> assertThat(context).doesNotHaveBean(TaskFlowEndpoint.class));
	}

	@Test
	void healthIndicatorIsNamedTaskflow() {
		this.contextRunner.run((context) -> assertThat(context).hasBean("taskflowHealthIndicator"));
	}

	@Test
	void healthIndicatorIsAbsentWhenDisabled() {
		this.contextRunner.withPropertyValues("management.health.taskflow.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(TaskFlowHealthIndicator.class));
	}

	@Test
	void healthThresholdsAreBound() {
		this.contextRunner
			.withPropertyValues("spring.taskflow.health.oldest-due-age=5m",
					"spring.taskflow.health.queues.reports.oldest-due-age=1h",
					"spring.taskflow.health.oldest-due-status=OUT_OF_SERVICE")
			.run((context) -> {
				TaskFlowHealthProperties properties = context.getBean(TaskFlowHealthProperties.class);
				assertThat(properties.getOldestDueAge()).isEqualTo(Duration.ofMinutes(5));
				assertThat(properties.getQueues().get("reports").getOldestDueAge()).isEqualTo(Duration.ofHours(1));
				assertThat(properties.getOldestDueStatus()).isEqualTo("OUT_OF_SERVICE");
				assertThat(properties.getTimeout()).isEqualTo(Duration.ofSeconds(2));
			});
	}

	@Test
	void nothingIsCreatedWithoutActuator() {
		// without Actuator's own EndpointAutoConfiguration, absent too
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
					TaskFlowStoreAutoConfiguration.class, TaskFlowAutoConfiguration.class,
					TaskFlowEndpointAutoConfiguration.class, TaskFlowHealthContributorAutoConfiguration.class))
			.withPropertyValues("spring.datasource.url=jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
					"spring.taskflow.worker.enabled=false", "management.endpoints.web.exposure.include=taskflow")
			.withClassLoader(
					new FilteredClassLoader("org.springframework.boot.actuate", "org.springframework.boot.health"))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(TaskFlowEndpoint.class)
				.doesNotHaveBean(TaskFlowHealthIndicator.class));
	}

	@Test
	void nothingIsCreatedWithoutTaskFlow() {
		this.contextRunner
			.withPropertyValues("spring.taskflow.enabled=false", "management.endpoints.web.exposure.include=taskflow")
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(TaskFlowEndpoint.class)
				.doesNotHaveBean(TaskFlowHealthIndicator.class));
	}

}
