package dev.taskflow.actuate;

import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The health indicator on MariaDB, in a database of its own.
 *
 * @author TaskFlow
 */
@ExtendWith(TestDatabases.MariadbAnswers.class)
class MariaDbTaskFlowHealthIntegrationTests extends AbstractTaskFlowHealthIntegrationTests {

	@DynamicPropertySource
	static void dataSource(DynamicPropertyRegistry registry) {
		TestDatabases.mariadb(registry, "taskflow_actuator_health");
	}

}
