/**
 * The claim protocol of {@code queue_processing_registry}: exactly-once claims of queue messages
 * by concurrent workers, shared with the Python services. Start at {@link
 * ai.devdox.models.queue.QueueClaims}.
 */
package ai.devdox.models.queue;
