package dev.taskflow.test.kit;

import org.junit.jupiter.api.BeforeAll;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.taskflow.testsupport.TestDatabase;

/**
 * Isolation between tests on POSTGRESQL.
 *
 * @author TaskFlow
 */
class PostgresIsolationTests extends AbstractIsolationTests {

	@BeforeAll
	static void databaseAnswers() {
		TestDatabase.POSTGRESQL.dataSourceProperties();
	}

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		Databases.register(TestDatabase.POSTGRESQL, registry);
	}

}
