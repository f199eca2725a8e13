package dev.taskflow.test.kit;

import org.junit.jupiter.api.BeforeAll;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.taskflow.testsupport.TestDatabase;

/**
 * The real mode on MARIADB.
 *
 * @author TaskFlow
 */
class MariaDbRealModeTests extends AbstractRealModeTests {

	@BeforeAll
	static void databaseAnswers() {
		TestDatabase.MARIADB.dataSourceProperties();
	}

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		Databases.register(TestDatabase.MARIADB, registry);
	}

}
