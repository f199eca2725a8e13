package dev.taskflow.test;

import org.springframework.boot.test.context.SpringBootTestContextBootstrapper;
import org.springframework.test.context.TestContextAnnotationUtils;

/**
 * Bootstraps a {@link TaskFlowTest}: its {@link TaskFlowTest#properties() properties}
 * join the test's environment.
 *
 * @author TaskFlow
 */
class TaskFlowTestContextBootstrapper extends SpringBootTestContextBootstrapper {

	@Override
	protected String[] getProperties(Class<?> testClass) {
		TaskFlowTest test = TestContextAnnotationUtils.findMergedAnnotation(testClass, TaskFlowTest.class);
		return (test != null) ? test.properties() : null;
	}

}
