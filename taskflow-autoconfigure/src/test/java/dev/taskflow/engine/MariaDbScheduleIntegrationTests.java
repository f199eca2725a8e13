package dev.taskflow.engine;

import dev.taskflow.testsupport.TestDatabase;

/**
 * The schedule contract on MARIADB.
 *
 * @author TaskFlow
 */
class MariaDbScheduleIntegrationTests extends AbstractScheduleIntegrationTests {

	@Override
	protected TestDatabase database() {
		return TestDatabase.MARIADB;
	}

}
