package dev.taskflow;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for naming a handler by a method reference: {@link HandlerReference},
 * {@link JobRequest#of(HandlerReference.Returning, Object)} and its siblings, and the
 * {@link TaskFlow#enqueue(HandlerReference.Returning, Object)} overloads.
 * <p>
 * That a payload of the wrong type does not compile, for example
 * {@code JobRequest.of(Mailer::send, "not an email")}, is the point of these overloads
 * but cannot be a test here: javac rejects it ("inference variable P has incompatible
 * bounds"). That every handler shape compiles, without an ambiguous overload, is tested
 * by this class compiling.
 *
 * @author TaskFlow
 */
class HandlerReferenceTests {

	private static final Email EMAIL = new Email("ada@example.com");

	@Test
	void methodReferenceOfEachHandlerShapeNamesItsHandler() {
		assertThat(JobRequest.of(Mailer::send, EMAIL).getHandler()).isEqualTo("email.send");
		assertThat(JobRequest.of(Mailer::sendQuietly, EMAIL).getHandler()).isEqualTo("email.quiet");
		assertThat(JobRequest.of(Mailer::sendWithContext, EMAIL).getHandler()).isEqualTo("email.context");
		assertThat(JobRequest.of(Mailer::sendQuietlyWithContext, EMAIL).getHandler()).isEqualTo("email.quiet-context");
	}

	@Test
	void taskFlowEnqueuesEachHandlerShapeAsByName() {
		List<JobRequest> enqueued = new ArrayList<>();
		TaskFlow taskFlow = recording(enqueued);
		taskFlow.enqueue(Mailer::send, EMAIL);
		taskFlow.enqueue(Mailer::sendQuietly, EMAIL);
		taskFlow.enqueue(Mailer::sendWithContext, EMAIL);
		taskFlow.enqueue(Mailer::sendQuietlyWithContext, EMAIL);
		taskFlow.enqueue("email.send", EMAIL);
		assertThat(enqueued).extracting(JobRequest::getHandler)
			.containsExactly("email.send", "email.quiet", "email.context", "email.quiet-context", "email.send");
		assertThat(enqueued).extracting(JobRequest::getPayload).containsOnly(EMAIL);
		assertThat(enqueued).extracting(JobRequest::getQueue).containsOnly(JobRequest.DEFAULT_QUEUE);
	}

	@Test
	void requestByMethodReferenceIsTheRequestByNameAndChangesLikeIt() {
		JobRequest request = JobRequest.of(Mailer::send, EMAIL).queue("mail").delay(Duration.ofMinutes(1));
		JobRequest byName = JobRequest.of("email.send", EMAIL).queue("mail").delay(Duration.ofMinutes(1));
		assertThat(request).usingRecursiveComparison().isEqualTo(byName);
	}

	@Test
	void payloadMayBeASubtypeOrNull() {
		assertThat(JobRequest.of(Mailer::send, new UrgentEmail("ops@example.com")).getPayload())
			.isInstanceOf(UrgentEmail.class);
		assertThat(JobRequest.of(Mailer::send, null).getPayload()).isNull();
	}

	@Test
	void annotationOnAnInterfaceMethodNamesTheHandlerOfItsImplementation() {
		assertThat(JobRequest.of(SmtpNotifier::announce, "hi").getHandler()).isEqualTo("announce");
		assertThat(JobRequest.of(Notifier::announce, "hi").getHandler()).isEqualTo("announce");
	}

	@Test
	void inheritedHandlerMethodIsNamedThroughASubclass() {
		assertThat(JobRequest.of(BulkMailer::send, EMAIL).getHandler()).isEqualTo("email.send");
	}

	@Test
	void sameCallSiteNamesTheSameHandlerEachTime() {
		for (int i = 0; i < 3; i++) {
			assertThat(JobRequest.of(Mailer::send, EMAIL).getHandler()).isEqualTo("email.send");
		}
	}

	@Test
	void methodWithoutTaskHandlerFailsNamingTheMethodAndTheFix() {
		assertThatIllegalArgumentException().isThrownBy(() -> JobRequest.of(Mailer::draft, EMAIL))
			.withMessage("dev.taskflow.HandlerReferenceTests$Mailer#draft is not a @TaskHandler method, so it"
					+ " names no handler; annotate it with @TaskHandler(\"name\"), or refer to a method that is"
					+ " annotated");
	}

	@Test
	void lambdaFailsAskingForAMethodReference() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> JobRequest.of((Mailer mailer, Email email) -> mailer.send(email), EMAIL))
			.withMessage("A lambda in dev.taskflow.HandlerReferenceTests names no handler; pass a method reference"
					+ " to a @TaskHandler method instead, such as Mailer::send");
	}

	@Test
	void implementationThatIsNoMethodReferenceFails() {
		assertThatIllegalArgumentException().isThrownBy(() -> JobRequest.of(new SendByHand(), EMAIL))
			.withMessage("dev.taskflow.HandlerReferenceTests$SendByHand is not a method reference; pass one to a"
					+ " @TaskHandler method, such as Mailer::send");
	}

	@Test
	void nullReferenceFails() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> JobRequest.of((HandlerReference.Returning<Mailer, Email, Receipt>) null, EMAIL))
			.withMessage("'handler' must not be null");
	}

	@Test
	void handlerNameThatNoJobCanCarryFailsAsByName() {
		assertThatIllegalArgumentException().isThrownBy(() -> JobRequest.of(Mailer::badlyNamed, EMAIL))
			.withMessageContaining("'handler'");
	}

	private static TaskFlow recording(List<JobRequest> enqueued) {
		InvocationHandler handler = (proxy, method, args) -> {
			if (method.isDefault()) {
				return InvocationHandler.invokeDefault(proxy, method, args);
			}
			if (method.getName().equals("enqueue")) {
				enqueued.add((JobRequest) args[0]);
				return JobId.of(UUID.randomUUID());
			}
			throw new UnsupportedOperationException(method.getName());
		};
		return (TaskFlow) Proxy.newProxyInstance(TaskFlow.class.getClassLoader(), new Class<?>[] { TaskFlow.class },
				handler);
	}

	static class Email {

		private final String to;

		Email(String to) {
			this.to = to;
		}

		String to() {
			return this.to;
		}

	}

	static final class UrgentEmail extends Email {

		UrgentEmail(String to) {
			super(to);
		}

	}

	record Receipt(String to) {
	}

	static class Mailer {

		@TaskHandler("email.send")
		Receipt send(Email email) {
			return new Receipt(email.to());
		}

		@TaskHandler("email.quiet")
		void sendQuietly(Email email) {
		}

		@TaskHandler("email.context")
		Receipt sendWithContext(Email email, TaskContext context) {
			return send(email);
		}

		@TaskHandler("email.quiet-context")
		void sendQuietlyWithContext(Email email, TaskContext context) {
		}

		@TaskHandler("email\nforged")
		void badlyNamed(Email email) {
		}

		Receipt draft(Email email) {
			return null;
		}

	}

	static class BulkMailer extends Mailer {

	}

	interface Notifier {

		@TaskHandler("announce")
		void announce(String message);

	}

	static class SmtpNotifier implements Notifier {

		@Override
		public void announce(String message) {
		}

	}

	static class SendByHand implements HandlerReference.Returning<Mailer, Email, Receipt> {

		@Override
		public Receipt handle(Mailer handler, Email email) {
			return handler.send(email);
		}

	}

}
