package dev.taskflow.sample;

/**
 * The result of an {@code image.resize} job.
 *
 * @param image the image name
 * @param location where the thumbnail is
 * @param width the thumbnail width
 * @param height the thumbnail height
 * @author TaskFlow
 */
public record Thumbnail(String image, String location, int width, int height) {

}
