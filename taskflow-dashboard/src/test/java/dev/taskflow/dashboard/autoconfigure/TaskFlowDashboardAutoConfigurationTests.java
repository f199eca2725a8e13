package dev.taskflow.dashboard.autoconfigure;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.function.RouterFunction;

import dev.taskflow.TaskFlow;
import dev.taskflow.autoconfigure.TaskFlowAutoConfiguration;
import dev.taskflow.autoconfigure.TaskFlowStoreAutoConfiguration;
import dev.taskflow.dashboard.DashboardSettings;
import dev.taskflow.dashboard.ShowValues;
import dev.taskflow.dashboard.TaskFlowDashboard;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests of {@link TaskFlowDashboardAutoConfiguration}: one per condition, and that the
 * dashboard changes nothing else in an application.
 *
 * @author TaskFlow
 */
class TaskFlowDashboardAutoConfigurationTests {

	private static final String[] PROPERTIES = { "spring.taskflow.worker.enabled=false" };

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(DataSourceAutoConfiguration.class, TaskFlowStoreAutoConfiguration.class,
						TaskFlowAutoConfiguration.class, TaskFlowDashboardAutoConfiguration.class))
		.withPropertyValues(PROPERTIES)
		.withPropertyValues("spring.datasource.url=jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");

	@Test
	void dashboardAndItsRoutesAreThereInAServletWebApplication() {
		this.contextRunner.run((context) -> assertThat(context).hasSingleBean(TaskFlowDashboard.class)
			.hasBean("taskFlowDashboardRoutes"));
	}

	@Test
	void dashboardIsAbsentOutsideWebApplications() {
		new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(DataSourceAutoConfiguration.class, TaskFlowStoreAutoConfiguration.class,
							TaskFlowAutoConfiguration.class, TaskFlowDashboardAutoConfiguration.class))
			.withPropertyValues(PROPERTIES)
			.withPropertyValues("spring.datasource.url=jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1")
			.run((context) -> assertThat(context).hasSingleBean(TaskFlow.class)
				.doesNotHaveBean(TaskFlowDashboard.class));
	}

	@Test
	void dashboardIsAbsentWithoutSpringMvc() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(RouterFunction.class))
			.run((context) -> assertThat(context).doesNotHaveBean(TaskFlowDashboard.class));
	}

	@Test
	void dashboardIsAbsentWhenDisabled() {
		this.contextRunner.withPropertyValues("spring.taskflow.dashboard.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(TaskFlowDashboard.class)
				.doesNotHaveBean("taskFlowDashboardRoutes"));
	}

	@Test
	void dashboardBacksOffWhenTheApplicationDefinesOne() {
		this.contextRunner.withUserConfiguration(OwnDashboard.class)
			.run((context) -> assertThat(context).hasSingleBean(TaskFlowDashboard.class).hasBean("ownDashboard"));
	}

	@Test
	void aBadPathIsRefusedWithTheFix() {
		this.contextRunner.withPropertyValues("spring.taskflow.dashboard.path=taskflow/")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("'spring.taskflow.dashboard.path' must start with '/', not end with '/'"));
	}

	@Test
	void propertiesAreBoundWithTheirDefaults() {
		this.contextRunner.run((context) -> {
			TaskFlowDashboardProperties properties = context.getBean(TaskFlowDashboardProperties.class);
			assertThat(properties.getPath()).isEqualTo("/taskflow");
			assertThat(properties.isAllowRemote()).isFalse();
			assertThat(properties.getOperatorAuthority()).isEqualTo("TASKFLOW_OPERATOR");
			assertThat(properties.isReadOnly()).isFalse();
			assertThat(properties.getShowValues()).isEqualTo(ShowValues.WHEN_AUTHORIZED);
		});
	}

	/**
	 * The dashboard is on the class path of every application that has the starter: it
	 * must add its own beans and nothing else. With every auto-configuration of the class
	 * path (Spring Boot's and TaskFlow's), an application with the dashboard has exactly
	 * the beans of one without it, and the dashboard's.
	 */
	@Test
	void dashboardAddsItsOwnBeansAndChangesNothingElse() {
		Set<String> withDashboard = beanNames();
		Set<String> withoutDashboard = beanNames(
				"spring.autoconfigure.exclude=" + TaskFlowDashboardAutoConfiguration.class.getName());
		Set<String> added = new TreeSet<>(withDashboard);
		added.removeAll(withoutDashboard);
		Set<String> removed = new TreeSet<>(withoutDashboard);
		removed.removeAll(withDashboard);
		assertThat(removed).isEmpty();
		// springdoc is on the tests' class path: its Swagger UI offers the API too
		assertThat(added).containsExactlyInAnyOrder(TaskFlowDashboardAutoConfiguration.class.getName(),
				"taskFlowDashboard", "taskFlowDashboardRoutes",
				"spring.taskflow.dashboard-" + TaskFlowDashboardProperties.class.getName(),
				TaskFlowDashboardAutoConfiguration.SwaggerUiConfiguration.class.getName(),
				"taskFlowSwaggerUiDefinitions");
	}

	private Set<String> beanNames(String... properties) {
		Set<String> names = new TreeSet<>();
		new WebApplicationContextRunner().withUserConfiguration(EveryAutoConfiguration.class)
			.withPropertyValues(PROPERTIES)
			.withPropertyValues("spring.datasource.url=jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1")
			.withPropertyValues(properties)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				names.addAll(Arrays.asList(context.getBeanDefinitionNames()));
			});
		return names;
	}

	/**
	 * An application with every auto-configuration of the class path, but Spring
	 * Security's: the dashboard's tests have it for others.
	 */
	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration(
			excludeName = { "org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration",
					"org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration",
					"org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
					"org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration" })
	static class EveryAutoConfiguration {

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnDashboard {

		@Bean
		TaskFlowDashboard ownDashboard(TaskFlow taskFlow) {
			return new TaskFlowDashboard(taskFlow, new DashboardSettings("/own", false, "OPS", false, ShowValues.NEVER,
					Duration.ofSeconds(1), Duration.ofMinutes(1)), false, () -> null, Map.of());
		}

	}

}
