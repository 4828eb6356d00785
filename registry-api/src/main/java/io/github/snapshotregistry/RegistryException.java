package io.github.snapshotregistry;

/**
 * The registry's storage failed: it could not be read, written, opened or understood. The message
 * names the operation and the storage; the cause, when there is one, is the storage's own error.
 *
 * <p>A registry never answers "absent" because its storage failed: it throws this instead.
 */
public class RegistryException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception with a message.
     *
     * @param message what failed, naming the operation and the storage
     */
    public RegistryException(String message) {
        super(message);
    }

    /**
     * Creates an exception with a message and the storage's own error.
     *
     * @param message what failed, naming the operation and the storage
     * @param cause the storage's error
     */
    public RegistryException(String message, Throwable cause) {
        super(message, cause);
    }
}
