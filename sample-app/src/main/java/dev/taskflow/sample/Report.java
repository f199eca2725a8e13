package dev.taskflow.sample;

/**
 * The result of a {@code report.render} job.
 *
 * @param title the report title
 * @param pages the number of pages rendered
 * @param location where the rendered report is
 * @param millis how long rendering took
 * @author TaskFlow
 */
public record Report(String title, int pages, String location, long millis) {

}
