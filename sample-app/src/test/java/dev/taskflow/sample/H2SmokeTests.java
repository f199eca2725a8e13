package dev.taskflow.sample;

/**
 * Smoke tests of the sample on its default in-memory H2 database.
 *
 * @author TaskFlow
 */
class H2SmokeTests extends AbstractSmokeTests {

}
