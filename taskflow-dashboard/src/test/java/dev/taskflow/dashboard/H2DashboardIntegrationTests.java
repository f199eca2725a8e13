package dev.taskflow.dashboard;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.taskflow.testsupport.TestDatabase;

/**
 * The dashboard on H2, in memory.
 *
 * @author TaskFlow
 */
class H2DashboardIntegrationTests extends AbstractDashboardIntegrationTests {

	@DynamicPropertySource
	static void dataSource(DynamicPropertyRegistry registry) {
		TestDatabase.H2.dataSourceProperties().forEach((name, value) -> registry.add(name, () -> value));
	}

}
