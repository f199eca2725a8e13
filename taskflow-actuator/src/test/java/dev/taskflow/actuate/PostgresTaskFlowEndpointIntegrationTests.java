package dev.taskflow.actuate;

import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The endpoint on PostgreSQL, in a schema of its own.
 *
 * @author TaskFlow
 */
@ExtendWith(TestDatabases.PostgresqlAnswers.class)
class PostgresTaskFlowEndpointIntegrationTests extends AbstractTaskFlowEndpointIntegrationTests {

	@DynamicPropertySource
	static void dataSource(DynamicPropertyRegistry registry) {
		TestDatabases.postgresql(registry, "taskflow_actuator_endpoint");
	}

}
