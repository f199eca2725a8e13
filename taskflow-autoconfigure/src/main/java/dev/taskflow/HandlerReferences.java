package dev.taskflow;

import java.lang.invoke.MethodHandleInfo;
import java.lang.invoke.SerializedLambda;
import java.lang.reflect.Method;

import org.springframework.asm.Type;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * Reads the handler name a {@link HandlerReference} points at: the method behind the
 * method reference, from the {@link SerializedLambda} the compiler lets every
 * serializable lambda produce, and the name of its {@link TaskHandler @TaskHandler}.
 *
 * @author TaskFlow
 */
final class HandlerReferences {

	// one lambda class per call site, always pointing at the same method: read it once;
	// a ClassValue lets the class (and its class loader) go when the application does
	private static final ClassValue<Resolved> resolved = new ClassValue<>() {

		@Override
		protected Resolved computeValue(Class<?> lambdaClass) {
			return new Resolved();
		}

	};

	private HandlerReferences() {
	}

	/**
	 * The name of the handler a method reference points at.
	 * @param reference the method reference
	 * @return the {@link TaskHandler#value() handler name}
	 * @throws IllegalArgumentException if the reference is not a method reference to a
	 * {@code @TaskHandler} method
	 */
	static String handlerName(HandlerReference reference) {
		if (reference == null) {
			throw new IllegalArgumentException("'handler' must not be null");
		}
		Resolved cached = resolved.get(reference.getClass());
		String name = cached.name;
		if (name == null) {
			// failures are not cached: they are programming errors, found at once
			name = resolve(reference);
			cached.name = name;
		}
		return name;
	}

	private static String resolve(HandlerReference reference) {
		SerializedLambda lambda = serializedLambda(reference);
		Method method = implementation(reference.getClass().getClassLoader(), lambda);
		String where = ClassUtils.getUserClass(method.getDeclaringClass()).getName() + "#" + method.getName();
		TaskHandler annotation = AnnotatedElementUtils.findMergedAnnotation(method, TaskHandler.class);
		if (annotation == null) {
			throw new IllegalArgumentException(where + " is not a @TaskHandler method, so it names no handler;"
					+ " annotate it with @TaskHandler(\"name\"), or refer to a method that is annotated");
		}
		// the name rules of an enqueue by name apply: JobRequest.of checks them
		return annotation.value();
	}

	private static SerializedLambda serializedLambda(HandlerReference reference) {
		Method writeReplace = ReflectionUtils.findMethod(reference.getClass(), "writeReplace");
		if (writeReplace != null) {
			try {
				ReflectionUtils.makeAccessible(writeReplace);
				if (ReflectionUtils.invokeMethod(writeReplace, reference) instanceof SerializedLambda lambda) {
					return lambda;
				}
			}
			catch (RuntimeException ex) {
				throw new IllegalArgumentException(
						"Cannot read the method " + reference.getClass().getName() + " refers to: " + ex.getMessage()
								+ "; open its package to TaskFlow, or enqueue by handler name",
						ex);
			}
		}
		throw new IllegalArgumentException(reference.getClass().getName()
				+ " is not a method reference; pass one to a @TaskHandler method, such as Mailer::send");
	}

	private static Method implementation(ClassLoader classLoader, SerializedLambda lambda) {
		String className = lambda.getImplClass().replace('/', '.');
		String where = className + "#" + lambda.getImplMethodName();
		if (lambda.getImplMethodName().startsWith("lambda$")) {
			// javac compiles a lambda body to a synthetic method named
			// lambda$<method>$<n>
			throw new IllegalArgumentException("A lambda in " + lambda.getCapturingClass().replace('/', '.')
					+ " names no handler; pass a method reference to a @TaskHandler method instead, such as"
					+ " Mailer::send");
		}
		if (lambda.getImplMethodKind() == MethodHandleInfo.REF_newInvokeSpecial) {
			throw new IllegalArgumentException(where + " is a constructor, not a @TaskHandler method;"
					+ " pass a method reference to a @TaskHandler method instead, such as Mailer::send");
		}
		Class<?> type = ClassUtils.resolveClassName(className, classLoader);
		Method found = null;
		for (Class<?> current = type; current != null && found == null; current = current.getSuperclass()) {
			found = declared(current, lambda);
		}
		if (found == null) {
			for (Class<?> implemented : ClassUtils.getAllInterfacesForClassAsSet(type)) {
				found = declared(implemented, lambda);
				if (found != null) {
					break;
				}
			}
		}
		if (found == null) {
			throw new IllegalArgumentException("Cannot find " + where + lambda.getImplMethodSignature()
					+ "; pass a method reference to a @TaskHandler method, such as Mailer::send");
		}
		return found;
	}

	private static Method declared(Class<?> type, SerializedLambda lambda) {
		for (Method method : type.getDeclaredMethods()) {
			if (method.getName().equals(lambda.getImplMethodName())
					&& Type.getMethodDescriptor(method).equals(lambda.getImplMethodSignature())) {
				return method;
			}
		}
		return null;
	}

	private static final class Resolved {

		private volatile String name;

	}

}
