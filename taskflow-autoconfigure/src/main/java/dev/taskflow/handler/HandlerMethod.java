package dev.taskflow.handler;

import java.lang.reflect.Method;
import java.lang.reflect.Type;

import dev.taskflow.TaskHandler;

/**
 * A {@link TaskHandler @TaskHandler} method found on a bean. Only the bean's name is
 * kept: the bean itself is looked up when a job runs.
 *
 * @param name the handler name
 * @param beanName the name of the bean declaring it
 * @param method the method
 * @param payloadIndex the index of the payload parameter, or -1 if it takes none
 * @param payloadType the generic type of the payload parameter, or {@code null}
 * @param contextIndex the index of the {@code TaskContext} parameter, or -1
 * @param annotation the annotation
 * @author TaskFlow
 */
public record HandlerMethod(String name, String beanName, Method method, int payloadIndex, Type payloadType,
		int contextIndex, TaskHandler annotation) {

	/**
	 * A description for messages: {@code 'email.send' (Mailer.send)}.
	 * @return the description
	 */
	public String describe() {
		return "'" + this.name + "' (" + this.method.getDeclaringClass().getSimpleName() + "." + this.method.getName()
				+ ")";
	}

}
