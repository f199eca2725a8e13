package dev.taskflow.test.kit;

import org.springframework.test.context.DynamicPropertyRegistry;

import dev.taskflow.testsupport.TestDatabase;

/**
 * The data source properties of a test database (skipped, or failed in CI, when it is
 * unreachable: call {@link TestDatabase#dataSourceProperties()} in a {@code @BeforeAll}
 * first).
 *
 * @author TaskFlow
 */
final class Databases {

	private Databases() {
	}

	static void register(TestDatabase database, DynamicPropertyRegistry registry) {
		database.dataSourceProperties().forEach((name, value) -> registry.add(name, () -> value));
	}

}
