package dev.taskflow.test.kit;

import dev.taskflow.testsupport.TestDatabase;

/**
 * The real mode on PostgreSQL.
 *
 * @author TaskFlow
 */
@KitDatabase(TestDatabase.POSTGRESQL)
class PostgresRealModeTests extends AbstractRealModeTests {

}
