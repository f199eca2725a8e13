package dev.taskflow.test.kit;

/**
 * The real mode on the embedded H2 a test gets when it configures no database.
 *
 * @author TaskFlow
 */
class H2RealModeTests extends AbstractRealModeTests {

}
