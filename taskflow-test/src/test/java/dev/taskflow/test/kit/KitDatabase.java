package dev.taskflow.test.kit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

import dev.taskflow.testsupport.TestDatabase;

/**
 * Runs a kit test on a database of the test run: its data source properties join the
 * test's environment, and a database that cannot be reached skips the class (or fails it
 * in CI) before its context loads.
 *
 * @author TaskFlow
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ExtendWith(KitDatabaseSupport.Answers.class)
@interface KitDatabase {

	/**
	 * The database.
	 * @return the database
	 */
	TestDatabase value();

}
