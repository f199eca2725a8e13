package dev.taskflow.engine;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ErrorText}.
 *
 * @author TaskFlow
 */
class ErrorTextTests {

	@Test
	void stackTraceReadsAsPrintStackTraceWritesIt() {
		IllegalStateException failure = new IllegalStateException("outer", new IllegalArgumentException("inner"));
		String text = ErrorText.withStackTrace(failure);
		assertThat(text).startsWith("java.lang.IllegalStateException: outer\n\tat dev.taskflow.engine.ErrorTextTests.")
			.contains("\nCaused by: java.lang.IllegalArgumentException: inner\n")
			.doesNotEndWith("\n");
	}

	@Test
	void deepStackTraceKeepsAtMostItsFramesPerThrowableAndItsLength() {
		String text = ErrorText.withStackTrace(deep(500));
		assertThat(text.lines().filter((line) -> line.startsWith("\tat ")))
			.hasSizeLessThanOrEqualTo(ErrorText.MAX_FRAMES);
		assertThat(text).hasSizeLessThanOrEqualTo(ErrorText.MAX_LENGTH);
	}

	@Test
	void longMessagesAreCutAtTheMaximumLength() {
		String text = ErrorText.withStackTrace(new IllegalStateException("x".repeat(3 * ErrorText.MAX_LENGTH)));
		assertThat(text).hasSizeLessThanOrEqualTo(ErrorText.MAX_LENGTH);
	}

	@Test
	void causeCycleEnds() {
		IllegalStateException first = new IllegalStateException("first");
		IllegalArgumentException second = new IllegalArgumentException("second", first);
		first.initCause(second);
		assertThat(ErrorText.withStackTrace(first)).contains("first").contains("second");
	}

	private static RuntimeException deep(int depth) {
		if (depth == 0) {
			return new IllegalStateException("deep");
		}
		return deep(depth - 1);
	}

}
