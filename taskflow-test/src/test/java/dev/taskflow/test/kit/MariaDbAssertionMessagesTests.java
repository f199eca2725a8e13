package dev.taskflow.test.kit;

import dev.taskflow.testsupport.TestDatabase;

/**
 * The assertions' failure messages on MariaDB.
 *
 * @author TaskFlow
 */
@KitDatabase(TestDatabase.MARIADB)
class MariaDbAssertionMessagesTests extends AbstractAssertionMessagesTests {

}
