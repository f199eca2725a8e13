package dev.taskflow.test.kit;

import dev.taskflow.testsupport.TestDatabase;

/**
 * The slice on MariaDB.
 *
 * @author TaskFlow
 */
@KitDatabase(TestDatabase.MARIADB)
class MariaDbSliceTests extends AbstractSliceTests {

}
