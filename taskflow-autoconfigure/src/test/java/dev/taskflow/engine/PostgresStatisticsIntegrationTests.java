package dev.taskflow.engine;

import dev.taskflow.testsupport.TestDatabase;

/**
 * The statistics on PostgreSQL.
 *
 * @author TaskFlow
 */
class PostgresStatisticsIntegrationTests extends AbstractStatisticsIntegrationTests {

	@Override
	protected TestDatabase database() {
		return TestDatabase.POSTGRESQL;
	}

}
