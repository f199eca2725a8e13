package dev.taskflow.test.kit;

import dev.taskflow.testsupport.TestDatabase;

/**
 * The slice on PostgreSQL.
 *
 * @author TaskFlow
 */
@KitDatabase(TestDatabase.POSTGRESQL)
class PostgresSliceTests extends AbstractSliceTests {

}
