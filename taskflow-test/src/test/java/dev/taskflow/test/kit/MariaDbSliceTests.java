package dev.taskflow.test.kit;

import org.junit.jupiter.api.BeforeAll;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.taskflow.testsupport.TestDatabase;

/**
 * The slice on MARIADB.
 *
 * @author TaskFlow
 */
class MariaDbSliceTests extends AbstractSliceTests {

	@BeforeAll
	static void databaseAnswers() {
		TestDatabase.MARIADB.dataSourceProperties();
	}

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		Databases.register(TestDatabase.MARIADB, registry);
	}

}
