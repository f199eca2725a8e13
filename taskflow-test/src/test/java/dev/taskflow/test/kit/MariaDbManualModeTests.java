package dev.taskflow.test.kit;

import dev.taskflow.testsupport.TestDatabase;

/**
 * The manual mode on MariaDB.
 *
 * @author TaskFlow
 */
@KitDatabase(TestDatabase.MARIADB)
class MariaDbManualModeTests extends AbstractManualModeTests {

}
