package dev.taskflow.actuate;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The health indicator on H2.
 *
 * @author TaskFlow
 */
class H2TaskFlowHealthIntegrationTests extends AbstractTaskFlowHealthIntegrationTests {

	@DynamicPropertySource
	static void dataSource(DynamicPropertyRegistry registry) {
		TestDatabases.h2(registry);
	}

}
