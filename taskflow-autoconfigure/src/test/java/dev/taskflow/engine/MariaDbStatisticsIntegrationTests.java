package dev.taskflow.engine;

import dev.taskflow.testsupport.TestDatabase;

/**
 * The statistics on MariaDB.
 *
 * @author TaskFlow
 */
class MariaDbStatisticsIntegrationTests extends AbstractStatisticsIntegrationTests {

	@Override
	protected TestDatabase database() {
		return TestDatabase.MARIADB;
	}

}
