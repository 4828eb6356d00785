package io.github.snapshotregistry;

/**
 * The identity of one backend snapshot (a VM image, a build cache blob, a container layer): the
 * name by which its owner finds and deletes it.
 *
 * <p>A value is non-null, not blank, at most {@value RegistryArguments#MAX_LENGTH} chars long and well-formed UTF-16
 * (no unpaired surrogate). Two ids are equal when their values are equal.
 *
 * @param value the snapshot's name in the owner's backend
 */
public record SnapshotId(String value) {

    /**
     * Checks the value.
     *
     * @param value the snapshot's name in the owner's backend
     * @throws NullPointerException if {@code value} is null
     * @throws IllegalArgumentException if {@code value} is blank, longer than {@value RegistryArguments#MAX_LENGTH}
     *     chars or has an unpaired surrogate
     */
    public SnapshotId {
        RegistryArguments.checkText(value, "snapshot id");
        if (value.isBlank()) {
            throw new IllegalArgumentException("snapshot id must not be blank");
        }
    }

    /**
     * Returns the id with the given value.
     *
     * @param value the snapshot's name in the owner's backend
     * @return the id
     * @throws NullPointerException if {@code value} is null
     * @throws IllegalArgumentException if {@code value} is not a valid id (see the class comment)
     */
    public static SnapshotId of(String value) {
        return new SnapshotId(value);
    }
}
