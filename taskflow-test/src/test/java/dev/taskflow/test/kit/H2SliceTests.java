package dev.taskflow.test.kit;

/**
 * The slice on the embedded H2 a test gets when it configures no database.
 *
 * @author TaskFlow
 */
class H2SliceTests extends AbstractSliceTests {

}
