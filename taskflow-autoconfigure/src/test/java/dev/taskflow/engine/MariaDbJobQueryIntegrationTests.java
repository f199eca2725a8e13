package dev.taskflow.engine;

import java.sql.Connection;
import java.sql.SQLException;

import dev.taskflow.testsupport.TestDatabase;

/**
 * The query API on MariaDB.
 *
 * @author TaskFlow
 */
class MariaDbJobQueryIntegrationTests extends AbstractJobQueryIntegrationTests {

	@Override
	protected TestDatabase database() {
		return TestDatabase.MARIADB;
	}

	@Override
	protected boolean lockJobTable(Connection connection) throws SQLException {
		execute(connection, "LOCK TABLES taskflow_job WRITE");
		return true;
	}

}
