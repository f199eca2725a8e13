package dev.taskflow.engine;

import dev.taskflow.testsupport.TestDatabase;

/**
 * The retention suite on POSTGRESQL through a pool whose connections have auto-commit
 * off, as many JPA applications tune it: every batch of the purge must commit all the
 * same.
 *
 * @author TaskFlow
 */
class PostgresAutoCommitOffRetentionIntegrationTests extends AbstractRetentionIntegrationTests {

	@Override
	protected TestDatabase database() {
		return TestDatabase.POSTGRESQL;
	}

	@Override
	protected String[] nodeProperties() {
		return new String[] { "spring.datasource.hikari.auto-commit=false" };
	}

}
