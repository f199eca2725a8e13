package dev.taskflow.sample;

/**
 * The payload of an {@code image.resize} job.
 *
 * @param image the image name
 * @param width its width in pixels
 * @param height its height in pixels
 * @author TaskFlow
 */
public record ResizeRequest(String image, int width, int height) {

}
