package dev.taskflow.actuate;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The endpoint on H2.
 *
 * @author TaskFlow
 */
class H2TaskFlowEndpointIntegrationTests extends AbstractTaskFlowEndpointIntegrationTests {

	@DynamicPropertySource
	static void dataSource(DynamicPropertyRegistry registry) {
		TestDatabases.h2(registry);
	}

}
