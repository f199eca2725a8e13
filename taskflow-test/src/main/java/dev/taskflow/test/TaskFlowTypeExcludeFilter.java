package dev.taskflow.test;

import java.io.IOException;
import java.util.Set;

import org.springframework.boot.test.context.filter.annotation.StandardAnnotationCustomizableTypeExcludeFilter;
import org.springframework.core.type.classreading.MetadataReader;
import org.springframework.core.type.classreading.MetadataReaderFactory;

import dev.taskflow.TaskHandler;

/**
 * The application's beans a {@link TaskFlowTest} scans: the handlers it names, or every
 * class with a {@link TaskHandler @TaskHandler} method when it names none.
 *
 * @author TaskFlow
 */
final class TaskFlowTypeExcludeFilter extends StandardAnnotationCustomizableTypeExcludeFilter<TaskFlowTest> {

	private final Set<Class<?>> handlers;

	TaskFlowTypeExcludeFilter(Class<?> testClass) {
		super(testClass);
		this.handlers = getAnnotation().getValue("handlers", Class[].class)
			.map((classes) -> Set.<Class<?>>of(classes))
			.orElse(Set.of());
	}

	@Override
	protected Set<Class<?>> getComponentIncludes() {
		return this.handlers;
	}

	@Override
	protected boolean defaultInclude(MetadataReader metadataReader, MetadataReaderFactory metadataReaderFactory)
			throws IOException {
		if (!this.handlers.isEmpty()) {
			return super.defaultInclude(metadataReader, metadataReaderFactory);
		}
		return metadataReader.getAnnotationMetadata().hasAnnotatedMethods(TaskHandler.class.getName())
				|| super.defaultInclude(metadataReader, metadataReaderFactory);
	}

}
