package dev.taskflow.test.kit;

import dev.taskflow.testsupport.TestDatabase;

/**
 * The assertions' failure messages on PostgreSQL.
 *
 * @author TaskFlow
 */
@KitDatabase(TestDatabase.POSTGRESQL)
class PostgresAssertionMessagesTests extends AbstractAssertionMessagesTests {

}
