package dev.taskflow.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.core.NestedExceptionUtils;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;

import dev.taskflow.store.Completion;
import dev.taskflow.store.JobStore;

/**
 * Writes a batch of outcomes, and keeps one outcome the database refuses from holding up
 * the others: when the database answers but refuses a batch (a result PostgreSQL cannot
 * store, one larger than MariaDB's {@code max_allowed_packet}), the batch is split until
 * the refused outcomes stand alone, every other outcome is written, and each outcome
 * refused again on its own is replaced by the failure of its job, with an error that says
 * why. Without that, the batch would be retried for ever while the node went on running
 * jobs whose outcomes it never wrote.
 *
 * @author TaskFlow
 */
final class OutcomeWriter {

	private static final Log logger = LogFactory.getLog(OutcomeWriter.class);

	private final JobStore store;

	private final Listener listener;

	OutcomeWriter(JobStore store, Listener listener) {
		this.store = store;
		this.listener = listener;
	}

	/**
	 * Write the outcomes, telling the listener of each part as it is written.
	 * @param batch the outcomes
	 * @throws RuntimeException when the database cannot be reached (or a lock conflict
	 * stopped the write): the outcomes the listener was not told of are still to be
	 * written
	 */
	void write(List<Completion> batch) {
		List<Completion> sent = new ArrayList<>(batch.size());
		Map<Completion, String> known = new LinkedHashMap<>();
		for (Completion outcome : batch) {
			String refusal = this.store.refusalOf(outcome);
			if (refusal != null) {
				known.put(outcome, refusal);
			}
			else {
				sent.add(outcome);
			}
		}
		if (!sent.isEmpty()) {
			writeSplittingRefusals(sent);
		}
		// after the rest of the batch, which they do not hold up
		known.forEach((outcome, refusal) -> writeInstead(outcome, refusal, "the database would refuse it: "));
	}

	private void writeSplittingRefusals(List<Completion> batch) {
		try {
			this.listener.written(batch, this.store.complete(batch), Map.of());
		}
		catch (RuntimeException ex) {
			if (!isRefusal(ex)) {
				throw ex;
			}
			if (batch.size() == 1) {
				writeAlone(batch.get(0));
				return;
			}
			int half = batch.size() / 2;
			writeSplittingRefusals(new ArrayList<>(batch.subList(0, half)));
			writeSplittingRefusals(new ArrayList<>(batch.subList(half, batch.size())));
		}
	}

	// a refusal repeats, a connection killed under the write does not (an administrator,
	// a failover, a proxy): the database answers on the next connection and no exception
	// type tells the two apart (MariaDB closes the connection on a refused packet too),
	// so
	// an outcome is written once more on its own before its job is failed
	private void writeAlone(Completion outcome) {
		try {
			this.listener.written(List.of(outcome), this.store.complete(List.of(outcome)), Map.of());
		}
		catch (RuntimeException ex) {
			if (!isRefusal(ex)) {
				throw ex;
			}
			writeInstead(outcome, reason(ex), "the database refused it: ");
		}
	}

	// a lock conflict or an outage is no refusal: the same batch goes through later. A
	// refusal may come as any exception: MariaDB closes the connection on a packet over
	// max_allowed_packet, and the failed rollback then hides the refusal itself
	private boolean isRefusal(RuntimeException ex) {
		return !(ex instanceof TransientDataAccessException) && !(ex instanceof CannotGetJdbcConnectionException)
				&& this.store.answers();
	}

	private void writeInstead(Completion refused, String reason, String verdict) {
		Completion failed = unstorable(refused, verdict + reason, false);
		try {
			written(refused, failed, reason);
			// the failure of the job, once stored, is logged at WARN with the reason
			// (FailedJobLog): this line only adds the details
			logger.debug("TaskFlow could not store the outcome of job " + refused.id() + " (attempt "
					+ refused.attempt() + ", " + refused.outcome() + ") and failed the job instead: " + reason);
		}
		catch (RuntimeException again) {
			if (!isRefusal(again)) {
				throw again;
			}
			// even the failure, which quotes the refused error, is refused: the last
			// resort keeps nothing of the attempt but why it could not be stored
			Completion bare = unstorable(refused, verdict + reason, true);
			written(refused, bare, reason);
			logger.debug("TaskFlow could not store the outcome of job " + refused.id() + " (attempt "
					+ refused.attempt() + ") even with its error left out, and failed the job instead: " + reason);
		}
	}

	private void written(Completion refused, Completion instead, String reason) {
		boolean rejected = !this.store.complete(List.of(instead)).isEmpty();
		this.listener.written(List.of(refused), rejected ? List.of(refused) : List.of(), Map.of(refused, reason));
	}

	private static Completion unstorable(Completion refused, String reason, boolean bare) {
		String error = "TaskFlow could not store the outcome of attempt " + refused.attempt() + " (" + describe(refused)
				+ "), so the job failed instead: " + reason;
		if (!bare && refused.error() != null) {
			error += "; the attempt's error was: " + refused.error();
		}
		if (bare) {
			error = error.replaceAll("[^\\x20-\\x7e]", "?");
		}
		return Completion.failed(refused.id(), refused.attempt(), error)
			.ranOn(refused.nodeId())
			.forStep(refused.step());
	}

	private static String describe(Completion completion) {
		return switch (completion.outcome()) {
			case SUCCEEDED -> "it succeeded; a handler must return a result the database can store: no NUL"
					+ " characters on PostgreSQL, at most max_allowed_packet bytes on MariaDB and MySQL";
			case RETRY -> "it failed and was to be retried";
			case FAILED -> "it failed";
			case CANCELLED -> "it stopped on request";
		};
	}

	// the database's own words, without the statement (which may quote the result)
	private static String reason(RuntimeException ex) {
		Throwable cause = NestedExceptionUtils.getMostSpecificCause(ex);
		String message = (cause.getMessage() != null) ? cause.getMessage() : cause.getClass().getName();
		StringBuilder reason = new StringBuilder();
		for (String line : message.split("\\R")) {
			String trimmed = line.strip();
			if (!trimmed.isEmpty() && !trimmed.startsWith("Where:") && !trimmed.startsWith("Query is:")) {
				reason.append((reason.length() > 0) ? " " : "").append(trimmed);
			}
		}
		return (reason.length() > 500) ? reason.substring(0, 497) + "..." : reason.toString();
	}

	/**
	 * Told of each part of a batch once it is written.
	 */
	@FunctionalInterface
	interface Listener {

		/**
		 * A part of the batch is written.
		 * @param part the outcomes of the part
		 * @param rejected those the store rejected (their attempt no longer owns the job)
		 * @param unstorable those the database refused, each with why: their jobs failed
		 * instead
		 */
		void written(List<Completion> part, List<Completion> rejected, Map<Completion, String> unstorable);

	}

}
