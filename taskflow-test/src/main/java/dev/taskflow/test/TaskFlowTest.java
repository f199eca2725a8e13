package dev.taskflow.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.autoconfigure.OverrideAutoConfiguration;
import org.springframework.boot.test.context.filter.annotation.TypeExcludeFilters;
import org.springframework.context.annotation.ComponentScan.Filter;
import org.springframework.core.annotation.AliasFor;
import org.springframework.test.context.BootstrapWith;
import org.springframework.test.context.junit.jupiter.SpringExtension;

/**
 * A test of TaskFlow handlers in a slice of the application, in the style of
 * {@code @DataJpaTest} and {@code @JsonTest}: TaskFlow, the {@code DataSource} (the
 * application's, or an embedded H2 when it configures none), transactions, Liquibase and
 * JSON, a {@link TaskFlowTester}, and of the application's own beans only its handlers:
 * those named in {@link #handlers()}, or every class with a
 * {@link dev.taskflow.TaskHandler @TaskHandler} method when none is named. What else a
 * handler needs, the test provides ({@code @Import}, {@code @MockitoBean}).
 *
 * <pre class="code">
 * &#64;TaskFlowTest(handlers = Mailer.class)
 * class MailerTests {
 *
 *     &#64;Autowired TaskFlow taskFlow;
 *
 *     &#64;Autowired TaskFlowTester tester;
 *
 *     &#64;Test
 *     void sendsTheMail() {
 *         taskFlow.enqueue(JobRequest.of("email.send", new Email("ada@example.com")));
 *         tester.runAll();
 *         assertThat(tester).hasNoFailedJobs();
 *     }
 * }
 * </pre>
 *
 * @author TaskFlow
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@BootstrapWith(TaskFlowTestContextBootstrapper.class)
@ExtendWith(SpringExtension.class)
@OverrideAutoConfiguration(enabled = false)
@TypeExcludeFilters(TaskFlowTypeExcludeFilter.class)
@AutoConfigureTaskFlow
@AutoConfigureTaskFlowTester
public @interface TaskFlowTest {

	/**
	 * The handler classes to make beans of; every class with a {@code @TaskHandler}
	 * method when empty.
	 * @return the handler classes
	 */
	Class<?>[] handlers() default {};

	/**
	 * How jobs run; {@code MANUAL} leaves it to {@code spring.taskflow.test.mode}.
	 * @return the mode
	 */
	@AliasFor(annotation = AutoConfigureTaskFlowTester.class)
	TaskFlowTester.Mode mode() default TaskFlowTester.Mode.MANUAL;

	/**
	 * Properties of the test's environment, as {@code name=value}.
	 * @return the properties
	 */
	String[] properties() default {};

	/**
	 * Whether the handlers are scanned as {@link #handlers()} says; {@code false} leaves
	 * only {@link #includeFilters()}.
	 * @return whether to use the default filters
	 */
	boolean useDefaultFilters() default true;

	/**
	 * More of the application's beans to scan into the slice.
	 * @return the include filters
	 */
	Filter[] includeFilters() default {};

	/**
	 * Beans to leave out of the slice.
	 * @return the exclude filters
	 */
	Filter[] excludeFilters() default {};

}
