package dev.taskflow.engine;

import dev.taskflow.testsupport.TestDatabase;

/**
 * The retention suite on MARIADB through a pool whose connections have auto-commit off,
 * as many JPA applications tune it: every batch of the purge must commit all the same.
 *
 * @author TaskFlow
 */
class MariaDbAutoCommitOffRetentionIntegrationTests extends AbstractRetentionIntegrationTests {

	@Override
	protected TestDatabase database() {
		return TestDatabase.MARIADB;
	}

	@Override
	protected String[] nodeProperties() {
		return new String[] { "spring.datasource.hikari.auto-commit=false" };
	}

}
