package dev.taskflow.test.kit;

import dev.taskflow.testsupport.TestDatabase;

/**
 * The inline mode on MariaDB.
 *
 * @author TaskFlow
 */
@KitDatabase(TestDatabase.MARIADB)
class MariaDbInlineModeTests extends AbstractInlineModeTests {

}
