package dev.taskflow.test.kit;

import dev.taskflow.testsupport.TestDatabase;

/**
 * Isolation between tests on PostgreSQL.
 *
 * @author TaskFlow
 */
@KitDatabase(TestDatabase.POSTGRESQL)
class PostgresIsolationTests extends AbstractIsolationTests {

}
