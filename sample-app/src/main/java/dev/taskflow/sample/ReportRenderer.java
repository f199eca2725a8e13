package dev.taskflow.sample;

import java.util.concurrent.ThreadLocalRandom;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.stereotype.Component;

import dev.taskflow.TaskContext;
import dev.taskflow.TaskHandler;

/**
 * Renders reports: slow work, a few hundred milliseconds per job, that belongs off the
 * request thread.
 *
 * @author TaskFlow
 */
@Component
public class ReportRenderer {

	private static final Log logger = LogFactory.getLog(ReportRenderer.class);

	@TaskHandler("report.render")
	public Report render(ReportRequest request, TaskContext context) throws InterruptedException {
		long start = System.nanoTime();
		int pages = Math.max(1, request.pages());
		logger.info("Rendering '" + request.title() + "' (" + pages + " pages, job " + context.jobId() + ")");
		Thread.sleep(150 + Math.min(pages, 50) * 10L + ThreadLocalRandom.current().nextInt(100));
		long millis = (System.nanoTime() - start) / 1_000_000;
		logger.info("Rendered '" + request.title() + "' in " + millis + " ms");
		return new Report(request.title(), pages, "/reports/" + context.jobId() + ".pdf", millis);
	}

}
