package dev.taskflow.test.kit;

/**
 * Isolation between tests on the embedded H2 a test gets when it configures no database.
 *
 * @author TaskFlow
 */
class H2IsolationTests extends AbstractIsolationTests {

}
