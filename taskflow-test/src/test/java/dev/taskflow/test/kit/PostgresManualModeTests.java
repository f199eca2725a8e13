package dev.taskflow.test.kit;

import dev.taskflow.testsupport.TestDatabase;

/**
 * The manual mode on PostgreSQL.
 *
 * @author TaskFlow
 */
@KitDatabase(TestDatabase.POSTGRESQL)
class PostgresManualModeTests extends AbstractManualModeTests {

}
