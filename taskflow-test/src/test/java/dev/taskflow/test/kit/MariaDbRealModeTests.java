package dev.taskflow.test.kit;

import dev.taskflow.testsupport.TestDatabase;

/**
 * The real mode on MariaDB.
 *
 * @author TaskFlow
 */
@KitDatabase(TestDatabase.MARIADB)
class MariaDbRealModeTests extends AbstractRealModeTests {

}
