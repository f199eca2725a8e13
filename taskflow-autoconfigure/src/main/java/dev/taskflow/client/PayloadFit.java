package dev.taskflow.client;

import java.lang.reflect.Type;

import tools.jackson.core.JacksonException;

import dev.taskflow.handler.HandlerMethod;
import dev.taskflow.handler.PayloadCodec;

/**
 * Checks, before a job is stored, that its payload reads as what its handler takes, when
 * this node has the handler and the payload was given as something else (a map, a JSON
 * tree, from a dashboard or another language): the read a worker would make, made while
 * the caller can still fix the payload, rather than a job that fails for good later.
 *
 * @author TaskFlow
 */
final class PayloadFit {

	private final PayloadCodec codec;

	PayloadFit(PayloadCodec codec) {
		this.codec = codec;
	}

	/**
	 * Check the payload's JSON against its handler's payload type.
	 * @param handler the handler, or {@code null} when this node does not have it
	 * @param payload the payload as given
	 * @param json its JSON text, or {@code null}
	 * @throws IllegalArgumentException if the handler could not read it
	 */
	void check(HandlerMethod handler, Object payload, String json) {
		if (handler == null || handler.payloadType() == null || json == null) {
			return;
		}
		Type type = handler.payloadType();
		if (type instanceof Class<?> parameterType && parameterType.isInstance(payload)) {
			// written from the handler's own type: it reads back (a generic type's
			// elements may not)
			return;
		}
		try {
			this.codec.read(json, type);
		}
		catch (JacksonException ex) {
			throw new IllegalArgumentException(
					"The payload of a job for handler '" + handler.name() + "' does not read as its parameter type "
							+ type.getTypeName() + ": " + ex.getOriginalMessage()
							+ "; send JSON of that shape (property names and value types as the type declares them)",
					ex);
		}
	}

}
