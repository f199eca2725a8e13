package dev.taskflow.test.kit;

import dev.taskflow.testsupport.TestDatabase;

/**
 * Isolation between tests on MariaDB.
 *
 * @author TaskFlow
 */
@KitDatabase(TestDatabase.MARIADB)
class MariaDbIsolationTests extends AbstractIsolationTests {

}
