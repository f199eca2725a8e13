package dev.taskflow.engine;

import dev.taskflow.testsupport.TestDatabase;

/**
 * The throttle suite on MARIADB through a pool whose connections have auto-commit off, as
 * many JPA applications tune it: every write of TaskFlow's must commit all the same.
 *
 * @author TaskFlow
 */
class MariaDbAutoCommitOffThrottleIntegrationTests extends AbstractThrottleIntegrationTests {

	@Override
	protected TestDatabase database() {
		return TestDatabase.MARIADB;
	}

	@Override
	protected String[] nodeProperties() {
		return new String[] { "spring.datasource.hikari.auto-commit=false" };
	}

}
