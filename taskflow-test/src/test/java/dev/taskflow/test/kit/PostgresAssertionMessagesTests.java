package dev.taskflow.test.kit;

import org.junit.jupiter.api.BeforeAll;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.taskflow.testsupport.TestDatabase;

/**
 * The assertions' failure messages on POSTGRESQL.
 *
 * @author TaskFlow
 */
class PostgresAssertionMessagesTests extends AbstractAssertionMessagesTests {

	@BeforeAll
	static void databaseAnswers() {
		TestDatabase.POSTGRESQL.dataSourceProperties();
	}

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		Databases.register(TestDatabase.POSTGRESQL, registry);
	}

}
