package dev.taskflow.sample;

/**
 * The payload of a {@code report.render} job.
 *
 * @param title the report title
 * @param pages how many pages to render
 * @author TaskFlow
 */
public record ReportRequest(String title, int pages) {

}
