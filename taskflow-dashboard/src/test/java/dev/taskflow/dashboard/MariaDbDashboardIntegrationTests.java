package dev.taskflow.dashboard;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.taskflow.testsupport.TestDatabase;

/**
 * The dashboard on MariaDB.
 *
 * @author TaskFlow
 */
class MariaDbDashboardIntegrationTests extends AbstractDashboardIntegrationTests {

	@DynamicPropertySource
	static void dataSource(DynamicPropertyRegistry registry) {
		TestDatabase.MARIADB.dataSourceProperties().forEach((name, value) -> registry.add(name, () -> value));
	}

}
