package dev.taskflow.test;

import org.springframework.context.ApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.test.context.TestContext;
import org.springframework.test.context.support.AbstractTestExecutionListener;

/**
 * Keeps the tests of one application context apart: before each test the database's clock
 * table is set to this context's tester clock (another context on the same database may
 * have moved it), and after each the tester clears what the test stored, unless
 * {@code spring.taskflow.test.clear-after-each=false}. Does nothing for a test whose
 * context has no {@link TaskFlowTester}, and never loads a context itself.
 *
 * @author TaskFlow
 */
public class TaskFlowTesterTestExecutionListener extends AbstractTestExecutionListener {

	@Override
	public int getOrder() {
		// after Spring's own listeners have set up the test, before they tear it down
		return Ordered.LOWEST_PRECEDENCE - 100;
	}

	@Override
	public void beforeTestMethod(TestContext testContext) {
		DefaultTaskFlowTester tester = tester(testContext);
		if (tester != null) {
			tester.synchronizeClock();
		}
	}

	@Override
	public void afterTestMethod(TestContext testContext) {
		DefaultTaskFlowTester tester = tester(testContext);
		if (tester != null && clearAfterEach(testContext)) {
			tester.clear();
		}
	}

	private static DefaultTaskFlowTester tester(TestContext testContext) {
		if (!testContext.hasApplicationContext()) {
			return null;
		}
		ApplicationContext context = testContext.getApplicationContext();
		TaskFlowTester tester = context.getBeanProvider(TaskFlowTester.class).getIfUnique();
		return (tester instanceof DefaultTaskFlowTester ours) ? ours : null;
	}

	private static boolean clearAfterEach(TestContext testContext) {
		return testContext.getApplicationContext()
			.getBeanProvider(TaskFlowTestProperties.class)
			.getIfAvailable(TaskFlowTestProperties::new)
			.isClearAfterEach();
	}

}
