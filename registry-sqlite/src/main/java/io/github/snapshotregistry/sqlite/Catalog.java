package io.github.snapshotregistry.sqlite;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.Define;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** What a database file holds, read without changing it, and SQLite's own checks. */
interface Catalog {

    @SqlQuery("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite!_%' ESCAPE '!'"
            + " ORDER BY name")
    List<String> tables();

    @SqlQuery("SELECT name FROM pragma_table_info(:table) ORDER BY cid")
    List<String> columns(@Bind("table") String table);

    /** The highest version Flyway applied successfully, from its history table. */
    @SqlQuery("SELECT max(CAST(version AS INTEGER)) FROM " + Migrations.HISTORY_TABLE
            + " WHERE success AND version IS NOT NULL")
    Optional<Long> schemaVersion();

    /** Every version Flyway applied successfully, from its history table, as Flyway wrote them. */
    @SqlQuery("SELECT version FROM " + Migrations.HISTORY_TABLE + " WHERE success AND version IS NOT NULL")
    List<String> appliedVersions();

    /** How Flyway's history table describes a version it applied successfully. */
    @SqlQuery("SELECT description FROM " + Migrations.HISTORY_TABLE
            + " WHERE success AND CAST(version AS INTEGER) = :version ORDER BY installed_rank DESC LIMIT 1")
    Optional<String> schemaDescription(@Bind("version") long version);

    /**
     * Writes a consistent copy of the database to a new file, named literally: an absolute path is
     * never read as a {@code file:} URI.
     */
    @SqlUpdate("VACUUM INTO :destination")
    void vacuumInto(@Bind("destination") String destination);

    @SqlQuery("SELECT integrity_check FROM pragma_integrity_check")
    List<String> integrityCheck();

    @SqlQuery("PRAGMA synchronous")
    int synchronous();

    /** Caps the file's size in pages (at least its current size); SQLite answers the cap in force. */
    @SqlQuery("PRAGMA max_page_count = <pages>")
    long limitPages(@Define("pages") long pages);
}
