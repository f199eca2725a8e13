package dev.taskflow.sample;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.concurrent.ThreadLocalRandom;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.stereotype.Component;

import dev.taskflow.TaskContext;
import dev.taskflow.TaskHandler;

/**
 * Renders reports: slow work, a few hundred milliseconds per job, that belongs off the
 * request thread. One report is also rendered every day on a schedule.
 *
 * @author TaskFlow
 */
@Component
public class ReportRenderer {

	private static final Log logger = LogFactory.getLog(ReportRenderer.class);

	private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

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

	/**
	 * Renders the daily report at 06:00 in Paris: a recurring job instead of
	 * {@code @Scheduled}, fired exactly once per day however many instances run. Its job
	 * carries the fire time, so the report covers the day it was due for even when it
	 * runs late.
	 * @param context the running job
	 * @return the report
	 * @throws InterruptedException if the node stops meanwhile
	 */
	@TaskHandler(value = "report.daily", cron = "0 0 6 * * *", zone = "Europe/Paris")
	public Report renderDaily(TaskContext context) throws InterruptedException {
		Instant fireTime = (context.fireTime() != null) ? context.fireTime() : Instant.now();
		LocalDate day = fireTime.atZone(PARIS).toLocalDate();
		return render(new ReportRequest("Daily report " + day, 3), context);
	}

}
