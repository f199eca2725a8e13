package dev.taskflow.dashboard;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.taskflow.testsupport.TestDatabase;

/**
 * The dashboard on PostgreSQL.
 *
 * @author TaskFlow
 */
class PostgresDashboardIntegrationTests extends AbstractDashboardIntegrationTests {

	@DynamicPropertySource
	static void dataSource(DynamicPropertyRegistry registry) {
		TestDatabase.POSTGRESQL.dataSourceProperties().forEach((name, value) -> registry.add(name, () -> value));
	}

}
