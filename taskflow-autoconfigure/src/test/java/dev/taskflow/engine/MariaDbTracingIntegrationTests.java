package dev.taskflow.engine;

import dev.taskflow.testsupport.TestDatabase;

/**
 * Tracing across enqueue and execution, and correlation ids, on MARIADB.
 *
 * @author TaskFlow
 */
class MariaDbTracingIntegrationTests extends AbstractTracingIntegrationTests {

	@Override
	protected TestDatabase database() {
		return TestDatabase.MARIADB;
	}

}
