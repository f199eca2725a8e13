package dev.taskflow.test.kit;

/**
 * The assertions' failure messages on the embedded H2 a test gets when it configures no
 * database.
 *
 * @author TaskFlow
 */
class H2AssertionMessagesTests extends AbstractAssertionMessagesTests {

}
