package dev.taskflow.test.kit;

/**
 * The inline mode on the embedded H2 a test gets when it configures no database.
 *
 * @author TaskFlow
 */
class H2InlineModeTests extends AbstractInlineModeTests {

}
