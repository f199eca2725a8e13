package dev.taskflow.test.kit;

import dev.taskflow.testsupport.TestDatabase;

/**
 * The inline mode on PostgreSQL.
 *
 * @author TaskFlow
 */
@KitDatabase(TestDatabase.POSTGRESQL)
class PostgresInlineModeTests extends AbstractInlineModeTests {

}
