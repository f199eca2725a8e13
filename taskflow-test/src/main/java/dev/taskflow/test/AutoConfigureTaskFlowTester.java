package dev.taskflow.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.context.PropertyMapping;

/**
 * Adds a {@link TaskFlowTester} to a test's application context, and with it TaskFlow's
 * test clock: every "now" TaskFlow uses reads the tester's clock. Jobs run in
 * {@link TaskFlowTester.Mode#MANUAL MANUAL} mode unless {@link #mode()} or
 * {@code spring.taskflow.test.mode} says otherwise.
 *
 * <pre class="code">
 * &#64;SpringBootTest
 * &#64;AutoConfigureTaskFlowTester(mode = Mode.INLINE)
 * class SignupTests { ... }
 * </pre>
 *
 * @author TaskFlow
 * @see TaskFlowTest
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ImportAutoConfiguration
@PropertyMapping("spring.taskflow.test")
public @interface AutoConfigureTaskFlowTester {

	/**
	 * How jobs run; {@code MANUAL} leaves it to {@code spring.taskflow.test.mode}, whose
	 * default it is.
	 * @return the mode
	 */
	@PropertyMapping(skip = PropertyMapping.Skip.ON_DEFAULT_VALUE)
	TaskFlowTester.Mode mode() default TaskFlowTester.Mode.MANUAL;

	/**
	 * Whether the tester deletes every job after each test; {@code true} leaves it to
	 * {@code spring.taskflow.test.clear-after-each}, whose default it is.
	 * @return whether to clear after each test
	 */
	@PropertyMapping(skip = PropertyMapping.Skip.ON_DEFAULT_VALUE)
	boolean clearAfterEach() default true;

}
