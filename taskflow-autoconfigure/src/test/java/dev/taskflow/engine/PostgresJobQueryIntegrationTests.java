package dev.taskflow.engine;

import java.sql.Connection;
import java.sql.SQLException;

import dev.taskflow.testsupport.TestDatabase;

/**
 * The query API on PostgreSQL.
 *
 * @author TaskFlow
 */
class PostgresJobQueryIntegrationTests extends AbstractJobQueryIntegrationTests {

	@Override
	protected TestDatabase database() {
		return TestDatabase.POSTGRESQL;
	}

	@Override
	protected boolean lockJobTable(Connection connection) throws SQLException {
		execute(connection, "LOCK TABLE taskflow_job IN ACCESS EXCLUSIVE MODE");
		return true;
	}

}
