package dev.taskflow.engine;

import java.time.Instant;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

/**
 * The Logback appender of captured job logs, on the root logger: SLF4J, Logback and
 * Commons Logging (which Spring Boot routes through SLF4J) all reach it. On any thread
 * without an open buffer it returns at once; unsynchronized, so the application's logging
 * threads never queue on it.
 *
 * @author TaskFlow
 */
public final class LogbackJobLogAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {

	private static final Log logger = LogFactory.getLog(LogbackJobLogAppender.class);

	// the MDC key Micrometer Tracing's bridges (Brave and OpenTelemetry) fill
	private static final String TRACE_ID = "traceId";

	private final JobLogCapture capture;

	private final Level level;

	private final Logger root;

	private LogbackJobLogAppender(JobLogCapture capture, Level level, Logger root) {
		this.capture = capture;
		this.level = level;
		this.root = root;
	}

	/**
	 * Attach an appender to the root logger of Logback, if SLF4J logs through Logback.
	 * @param capture the capture that owns the buffers
	 * @param level the lowest level captured (the loggers' own levels still apply)
	 * @return the attached appender, or {@code null} if SLF4J does not log through
	 * Logback
	 */
	public static LogbackJobLogAppender attach(JobLogCapture capture, String level) {
		ILoggerFactory factory = LoggerFactory.getILoggerFactory();
		if (!(factory instanceof LoggerContext context)) {
			logger.warn("spring.taskflow.logs.capture is true but SLF4J does not log through Logback ("
					+ factory.getClass().getName() + "): job logs are not captured");
			return null;
		}
		LogbackJobLogAppender appender = new LogbackJobLogAppender(capture,
				"FATAL".equals(level) ? Level.ERROR : Level.toLevel(level, Level.INFO),
				context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME));
		appender.setContext(context);
		appender.setName("TASKFLOW_JOB_LOGS");
		appender.start();
		appender.root.addAppender(appender);
		return appender;
	}

	/**
	 * Detach this appender from the root logger.
	 */
	public void detach() {
		this.root.detachAppender(this);
		stop();
	}

	@Override
	protected void append(ILoggingEvent event) {
		if (!this.capture.isCapturing() || !event.getLevel().isGreaterOrEqual(this.level)) {
			return;
		}
		this.capture.append(format(event));
	}

	private static String format(ILoggingEvent event) {
		StringBuilder line = new StringBuilder(128);
		line.append(Instant.ofEpochMilli(event.getTimeStamp()))
			.append(' ')
			.append(event.getLevel())
			.append(' ')
			.append(event.getLoggerName());
		// with a tracer, the trace the line belongs to: a way from a job's history to
		// its spans
		String traceId = event.getMDCPropertyMap().get(TRACE_ID);
		if (traceId != null && !traceId.isEmpty()) {
			line.append(" [trace ").append(traceId).append(']');
		}
		line.append(" - ").append(event.getFormattedMessage());
		IThrowableProxy throwable = event.getThrowableProxy();
		if (throwable != null) {
			// the attempt's error keeps a stack trace; a line names the exception only
			line.append(" [").append(throwable.getClassName());
			if (throwable.getMessage() != null) {
				line.append(": ").append(throwable.getMessage());
			}
			line.append(']');
		}
		return line.toString();
	}

}
