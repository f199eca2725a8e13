package dev.taskflow;

import java.io.Serializable;

/**
 * A method reference to a {@link TaskHandler @TaskHandler} method, such as
 * {@code Mailer::send}, that names the handler in place of its string name and lets the
 * compiler check the payload's type:
 *
 * <pre class="code">
 * taskFlow.enqueue(Mailer::send, email);
 * taskFlow.enqueue(JobRequest.of(Mailer::send, email).queue("mail"));
 * </pre>
 *
 * The reference is never invoked: TaskFlow reads which method it points at, once per call
 * site, and stores the job under that method's {@link TaskHandler#value() handler name},
 * exactly as if it had been enqueued by name. The handler method takes a payload, or a
 * payload followed by a {@link TaskContext}, and may return a value or nothing; one of
 * the nested interfaces fits each shape. Code does not name them: it passes a method
 * reference and the compiler picks the one that fits.
 * <p>
 * Only a method reference to a method annotated with {@code @TaskHandler} names a
 * handler; any other method, or a lambda, is refused with an
 * {@link IllegalArgumentException} when the request is built.
 * <p>
 * The compiler tells the shapes apart only when the method name is not overloaded in its
 * class (an <em>exact</em> method reference). For an overloaded handler method, or one
 * named like a method of {@code Object} such as {@code notify}, it reports the call as
 * ambiguous: rename the method, cast the reference to the interface that fits
 * ({@code (HandlerReference.Returning<Mailer, Email, Receipt>) Mailer::send}) or enqueue
 * by name.
 *
 * @author TaskFlow
 */
public sealed interface HandlerReference extends Serializable permits HandlerReference.Returning,
		HandlerReference.Consuming, HandlerReference.ReturningWithContext, HandlerReference.ConsumingWithContext {

	/**
	 * A handler method that takes a payload and returns a result, such as
	 * {@code Receipt send(Email email)}.
	 *
	 * @param <H> the type declaring the handler method
	 * @param <P> the payload type
	 * @param <R> the result type
	 */
	@FunctionalInterface
	non-sealed interface Returning<H, P, R> extends HandlerReference {

		/**
		 * Run the handler method; TaskFlow never calls this.
		 * @param handler the bean declaring the method
		 * @param payload the payload
		 * @return the result
		 * @throws Exception what the handler throws
		 */
		R handle(H handler, P payload) throws Exception;

	}

	/**
	 * A handler method that takes a payload and returns nothing, such as
	 * {@code void send(Email email)}.
	 *
	 * @param <H> the type declaring the handler method
	 * @param <P> the payload type
	 */
	@FunctionalInterface
	non-sealed interface Consuming<H, P> extends HandlerReference {

		/**
		 * Run the handler method; TaskFlow never calls this.
		 * @param handler the bean declaring the method
		 * @param payload the payload
		 * @throws Exception what the handler throws
		 */
		void handle(H handler, P payload) throws Exception;

	}

	/**
	 * A handler method that takes a payload and a {@link TaskContext} and returns a
	 * result, such as {@code Receipt send(Email email, TaskContext context)}.
	 *
	 * @param <H> the type declaring the handler method
	 * @param <P> the payload type
	 * @param <R> the result type
	 */
	@FunctionalInterface
	non-sealed interface ReturningWithContext<H, P, R> extends HandlerReference {

		/**
		 * Run the handler method; TaskFlow never calls this.
		 * @param handler the bean declaring the method
		 * @param payload the payload
		 * @param context the running job
		 * @return the result
		 * @throws Exception what the handler throws
		 */
		R handle(H handler, P payload, TaskContext context) throws Exception;

	}

	/**
	 * A handler method that takes a payload and a {@link TaskContext} and returns
	 * nothing, such as {@code void send(Email email, TaskContext context)}.
	 *
	 * @param <H> the type declaring the handler method
	 * @param <P> the payload type
	 */
	@FunctionalInterface
	non-sealed interface ConsumingWithContext<H, P> extends HandlerReference {

		/**
		 * Run the handler method; TaskFlow never calls this.
		 * @param handler the bean declaring the method
		 * @param payload the payload
		 * @param context the running job
		 * @throws Exception what the handler throws
		 */
		void handle(H handler, P payload, TaskContext context) throws Exception;

	}

}
