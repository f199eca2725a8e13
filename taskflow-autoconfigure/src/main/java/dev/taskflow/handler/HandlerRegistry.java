package dev.taskflow.handler;

import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ClassUtils;

import dev.taskflow.JobRequest;
import dev.taskflow.StepResult;
import dev.taskflow.TaskContext;
import dev.taskflow.TaskHandler;
import dev.taskflow.retention.RetentionHandler;

/**
 * Finds the {@link TaskHandler @TaskHandler} methods of all beans once every singleton
 * exists, the way Spring finds {@code @EventListener} methods.
 *
 * @author TaskFlow
 */
public class HandlerRegistry implements SmartInitializingSingleton {

	private static final Log logger = LogFactory.getLog(HandlerRegistry.class);

	// TaskFlow's own handlers: every worker node has them, so they are left out of the
	// names messages offer to users as theirs
	private static final Set<String> BUILT_IN = Set.of(RetentionHandler.NAME);

	private final ConfigurableListableBeanFactory beanFactory;

	private volatile Map<String, HandlerMethod> handlers;

	/**
	 * Create a registry over the given bean factory.
	 * @param beanFactory the bean factory
	 */
	public HandlerRegistry(ConfigurableListableBeanFactory beanFactory) {
		this.beanFactory = beanFactory;
	}

	@Override
	public void afterSingletonsInstantiated() {
		Map<String, HandlerMethod> found = new LinkedHashMap<>();
		for (String beanName : this.beanFactory.getBeanDefinitionNames()) {
			Class<?> type = this.beanFactory.getType(beanName, false);
			if (type == null || type.getName().startsWith("org.springframework.")) {
				continue;
			}
			Map<Method, TaskHandler> methods = MethodIntrospector.selectMethods(ClassUtils.getUserClass(type),
					(MethodIntrospector.MetadataLookup<TaskHandler>) (method) -> AnnotatedElementUtils
						.findMergedAnnotation(method, TaskHandler.class));
			methods.forEach((method, annotation) -> add(found, handlerMethod(beanName, method, annotation)));
		}
		this.handlers = Collections.unmodifiableMap(found);
		Set<String> application = applicationNames();
		logger.info("TaskFlow found " + application.size() + " handler(s): " + application);
		// fail at start-up, not at the first job, on an invalid handler setting, also on
		// nodes that only enqueue
		this.beanFactory.getBeanProvider(HandlerPolicies.class)
			.ifAvailable((policies) -> found.values().forEach(policies::policyOf));
	}

	/**
	 * Whether the registry has scanned the application's beans yet.
	 * @return {@code true} once all singletons exist
	 */
	public boolean isReady() {
		return this.handlers != null;
	}

	/**
	 * The handler of the given name.
	 * @param name the handler name
	 * @return the handler, if there is one
	 */
	public Optional<HandlerMethod> find(String name) {
		return Optional.ofNullable(handlers().get(name));
	}

	/**
	 * The names of all handlers.
	 * @return the handler names
	 */
	public Set<String> names() {
		return handlers().keySet();
	}

	/**
	 * The names of the application's handlers: all but TaskFlow's own (such as
	 * {@value RetentionHandler#NAME}), for messages that list the known handlers.
	 * @return the handler names
	 */
	public Set<String> applicationNames() {
		Set<String> names = new LinkedHashSet<>(names());
		names.removeAll(BUILT_IN);
		return Collections.unmodifiableSet(names);
	}

	/**
	 * All handlers by name.
	 * @return the handlers
	 */
	public Map<String, HandlerMethod> handlers() {
		Map<String, HandlerMethod> current = this.handlers;
		return (current != null) ? current : Map.of();
	}

	private static void add(Map<String, HandlerMethod> found, HandlerMethod handler) {
		HandlerMethod existing = found.putIfAbsent(handler.name(), handler);
		if (existing != null) {
			throw new InvalidTaskHandlerException(
					"Two @TaskHandler methods are named '" + handler.name() + "': " + existing.describe() + " and "
							+ handler.describe(),
					"Give each handler its own name: the name is the identity stored with every job");
		}
	}

	private static HandlerMethod handlerMethod(String beanName, Method method, TaskHandler annotation) {
		String name = annotation.value();
		String where = method.getDeclaringClass().getName() + "." + method.getName();
		if (name == null || name.isBlank()) {
			throw new InvalidTaskHandlerException("@TaskHandler on " + where + " has an empty name",
					"Name the handler, for example @TaskHandler(\"email.send\")");
		}
		try {
			// the rules every enqueue applies: fail at start-up, not at the first job
			JobRequest.of(name);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidTaskHandlerException(
					"@TaskHandler on " + where + " has a name no job can carry: " + ex.getMessage(),
					"Rename the handler: at most " + JobRequest.MAX_HANDLER_LENGTH
							+ " characters, without control characters, for example @TaskHandler(\"report.render\")");
		}
		int payloadIndex = -1;
		Type payloadType = null;
		int contextIndex = -1;
		Class<?>[] types = method.getParameterTypes();
		for (int i = 0; i < types.length; i++) {
			if (method.getParameters()[i].isAnnotationPresent(StepResult.class)) {
				// filled from an earlier step's result
				continue;
			}
			if (TaskContext.class.equals(types[i])) {
				if (contextIndex >= 0) {
					throw invalidSignature(name, where);
				}
				contextIndex = i;
			}
			else if (payloadIndex < 0) {
				payloadIndex = i;
				payloadType = method.getGenericParameterTypes()[i];
			}
			else {
				throw invalidSignature(name, where);
			}
		}
		return new HandlerMethod(name, beanName, method, payloadIndex, payloadType, contextIndex, annotation);
	}

	private static InvalidTaskHandlerException invalidSignature(String name, String where) {
		return new InvalidTaskHandlerException(
				"@TaskHandler '" + name + "' on " + where + " has parameters TaskFlow cannot fill",
				"Declare at most one payload parameter and at most one TaskContext parameter, for example"
						+ " 'Receipt send(Email email, TaskContext context)'");
	}

}
